//! The simulator's memory: every object, event, fault, log entry and idempotency record, behind
//! one mutex that is held only for short synchronous sections (never across an await).

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};

use crate::events::EventRecord;
use crate::faults::{Fault, RandomFaults};
use crate::idempotency::IdempotencyRecord;
use crate::request_log::LogEntry;
use crate::testcards::TestCard;
use crate::webhooks::WebhookEndpoint;

/// Seconds since the Unix epoch (Stripe's `created`).
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// One running simulator: its address and its state.
pub struct Sim {
    /// `http://127.0.0.1:PORT`, used for session `url`s.
    pub base_url: String,
    /// The `payment_method_configuration_details.id` this "account" reports.
    pub pmc_id: String,
    state: Mutex<State>,
}

impl Sim {
    /// A simulator with empty state.
    pub fn new(base_url: String) -> Self {
        Sim {
            base_url,
            pmc_id: crate::ids::random("pmc_1", 23),
            state: Mutex::new(State::default()),
        }
    }

    /// Locks the state. A panic elsewhere never poisons the simulator for good.
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Objects of one kind, by id, remembering creation order.
#[derive(Default)]
pub struct Table {
    order: Vec<String>,
    objects: HashMap<String, Value>,
}

impl Table {
    /// Stores a new object (keyed by its `id`).
    pub fn insert(&mut self, object: Value) {
        let id = object["id"].as_str().unwrap_or_default().to_string();
        if self.objects.insert(id.clone(), object).is_none() {
            self.order.push(id);
        }
    }

    /// The object with this id.
    pub fn get(&self, id: &str) -> Option<&Value> {
        self.objects.get(id)
    }

    /// The object with this id, to change it.
    pub fn get_mut(&mut self, id: &str) -> Option<&mut Value> {
        self.objects.get_mut(id)
    }

    /// All objects in creation order.
    pub fn list(&self) -> Vec<Value> {
        self.order
            .iter()
            .filter_map(|id| self.objects.get(id).cloned())
            .collect()
    }
}

/// What the simulator remembers about a PaymentMethod beyond its JSON.
#[derive(Clone, Copy)]
pub struct PaymentMethodInfo {
    /// The test card it was made from.
    pub card: TestCard,
    /// Saved through a SetupIntent (authenticated during setup).
    pub set_up: bool,
    /// Detached from its customer: Stripe never lets it be used or attached again.
    pub detached: bool,
}

/// What a Checkout Session keeps beyond its JSON, for completion and `expand[]=line_items`.
#[derive(Clone, Default)]
pub struct SessionInfo {
    /// The `line_items` list entries (`object: item`).
    pub line_items: Vec<Value>,
    /// `payment_intent_data` as given (payment mode).
    pub payment_intent_data: Map<String, Value>,
    /// `setup_intent_data` as given (setup mode).
    pub setup_intent_data: Map<String, Value>,
    /// `customer_creation` as given.
    pub customer_creation: Option<String>,
}

/// Everything the simulator holds. `POST /_sim/reset` replaces it with the default.
#[derive(Default)]
pub struct State {
    /// `cus_…`
    pub customers: Table,
    /// `cs_test_…`
    pub sessions: Table,
    /// `seti_…`
    pub setup_intents: Table,
    /// `pm_…`
    pub payment_methods: Table,
    /// `pi_…`
    pub payment_intents: Table,
    /// Side data per PaymentMethod id.
    pub pm_info: HashMap<String, PaymentMethodInfo>,
    /// Side data per Checkout Session id.
    pub session_info: HashMap<String, SessionInfo>,
    /// Events in creation order.
    pub events: Vec<EventRecord>,
    /// Registered webhook endpoints.
    pub endpoints: Vec<WebhookEndpoint>,
    /// Pending faults, first match wins.
    pub faults: Vec<Fault>,
    /// Random fault mode, when switched on (`POST /_sim/faults/random`).
    pub random_faults: Option<RandomFaults>,
    /// Every `/v1` request in arrival order.
    pub log: Vec<LogEntry>,
    /// Last request sequence number handed out.
    pub last_seq: u64,
    /// Idempotency records by (API key, Idempotency-Key).
    pub idempotency: HashMap<(String, String), IdempotencyRecord>,
}

/// Sets `object[key]` (a no-op on a non-object, where `Value`'s `IndexMut` would panic).
pub fn set(object: &mut Value, key: &str, value: Value) {
    if let Some(map) = object.as_object_mut() {
        map.insert(key.to_string(), value);
    }
}
