//! A case and its steps, and the loop that runs them.

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::calls::{self, ClientSettings};
use crate::matchers::check_all;
use crate::refs::Bindings;
use crate::sim_control::SimControl;

/// One case file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// What the case shows.
    pub name: String,
    /// Tags naming what it covers.
    #[serde(default)]
    pub covers: Vec<String>,
    /// Client settings for the whole case.
    #[serde(default)]
    pub client: Map<String, Value>,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// One step: an SDK call (`do`) or a simulator call (`sim`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The SDK call.
    #[serde(rename = "do")]
    pub call: Option<String>,
    /// The simulator call.
    pub sim: Option<String>,
    /// Arguments.
    #[serde(default, rename = "with")]
    pub args: Map<String, Value>,
    /// Name to bind the result to.
    #[serde(rename = "as")]
    pub bind: Option<String>,
    /// Matchers on the result.
    pub expect: Option<Map<String, Value>>,
    /// Matchers on the error; the call must fail.
    pub expect_error: Option<Map<String, Value>>,
}

impl Case {
    /// Runs every step against the simulator at `sim_url`.
    pub async fn run(&self, sim_url: &str) -> Result<(), String> {
        let sim = SimControl::new(sim_url);
        let mut bindings = Bindings::new(sim_url);
        let mut settings = ClientSettings::defaults(sim_url);
        settings.apply(&self.client)?;
        let mut client = settings.build().map_err(|e| format!("client: {e}"))?;
        for (index, step) in self.steps.iter().enumerate() {
            let label = step.call.as_deref().or(step.sim.as_deref()).unwrap_or("?");
            self.run_step(step, &sim, &mut bindings, &mut settings, &mut client)
                .await
                .map_err(|e| format!("step {} ({label}): {e}", index + 1))?;
        }
        Ok(())
    }

    async fn run_step(
        &self,
        step: &Step,
        sim: &SimControl,
        bindings: &mut Bindings,
        settings: &mut ClientSettings,
        client: &mut offsession::Client,
    ) -> Result<(), String> {
        let args = bindings.resolve(&Value::Object(step.args.clone()))?;
        let args = args.as_object().cloned().unwrap_or_default();
        let result = match (&step.call, &step.sim) {
            (Some(call), None) => {
                let outcome = if call == "new_client" {
                    // Kept only if the client builds, as in every runner.
                    let mut candidate = settings.clone();
                    candidate.apply(&args)?;
                    candidate.build().map(|built| {
                        *client = built;
                        *settings = candidate;
                        Value::Object(Map::new())
                    })
                } else {
                    calls::call(client, call, &args).await?
                };
                match (outcome, &step.expect_error) {
                    (Ok(value), None) => value,
                    (Ok(value), Some(_)) => {
                        return Err(format!("expected an error, got {value}"));
                    }
                    (Err(error), Some(matchers)) => {
                        let shape = calls::error_shape(&error);
                        return check_all(matchers, &shape, bindings)
                            .map_err(|e| format!("{e}\n  error was: {shape}"));
                    }
                    (Err(error), None) => {
                        return Err(format!("unexpected error: {}", calls::error_shape(&error)));
                    }
                }
            }
            (None, Some(name)) => {
                if step.expect_error.is_some() {
                    return Err("a sim step cannot expect_error; use expect".into());
                }
                sim.call(name, &args).await?
            }
            _ => return Err("a step needs exactly one of `do` and `sim`".into()),
        };
        // Bound first, so a step's own matchers may refer to its result (`$log.data.1…`).
        if let Some(name) = &step.bind {
            bindings.bind(name, result.clone());
        }
        if let Some(matchers) = &step.expect {
            check_all(matchers, &result, bindings)
                .map_err(|e| format!("{e}\n  result was: {result}"))?;
        }
        Ok(())
    }
}
