//! Python arguments → the core's parameter types.

use pyo3::prelude::*;
use pyo3::types::PyDict;

use offsession::{CreateCustomer, Metadata};

use crate::errors::invalid_input;

/// `metadata={"k": "v"}` → `Metadata`; `None` is empty.
pub fn metadata(value: Option<&Bound<'_, PyDict>>) -> PyResult<Metadata> {
    let mut metadata = Metadata::new();
    if let Some(dict) = value {
        for (key, item) in dict.iter() {
            let (Ok(key), Ok(item)) = (key.extract::<String>(), item.extract::<String>()) else {
                return Err(invalid_input("metadata", "keys and values must be strings"));
            };
            metadata.insert(key, item);
        }
    }
    Ok(metadata)
}

/// `new_customer={"email": …, "name": …, "description": …, "metadata": {…}}`.
pub fn new_customer(value: Option<&Bound<'_, PyDict>>) -> PyResult<Option<CreateCustomer>> {
    let Some(dict) = value else {
        return Ok(None);
    };
    let mut customer = CreateCustomer::default();
    for (key, item) in dict.iter() {
        let key: String = key.extract()?;
        let text = || -> PyResult<Option<String>> {
            if item.is_none() {
                Ok(None)
            } else {
                item.extract::<String>()
                    .map(Some)
                    .map_err(|_| invalid_input(&format!("new_customer.{key}"), "must be a string"))
            }
        };
        match key.as_str() {
            "email" => customer.email = text()?,
            "name" => customer.name = text()?,
            "description" => customer.description = text()?,
            "metadata" => customer.metadata = metadata(item.cast::<PyDict>().ok())?,
            other => {
                return Err(invalid_input(
                    "new_customer",
                    format!("unknown field {other:?} (email, name, description, metadata)"),
                ))
            }
        }
    }
    Ok(Some(customer))
}

/// `expand=["setup_intent"]` → owned strings (the call outlives the Python list).
pub fn expand(value: Option<Vec<String>>) -> Vec<String> {
    value.unwrap_or_default()
}

/// Borrowed view for the core's `&[&str]`.
pub fn as_strs(values: &[String]) -> Vec<&str> {
    values.iter().map(String::as_str).collect()
}

/// `line_items=[{"price_data": {...}, "quantity": 1}]` in Stripe's shape → `LineItem`s.
pub fn line_items(items: Vec<Bound<'_, PyDict>>) -> PyResult<Vec<offsession::LineItem>> {
    let invalid = |index: usize, what: &str| invalid_input(&format!("line_items[{index}]"), what);
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let mut line = offsession::LineItem {
                quantity: 1,
                ..Default::default()
            };
            for (key, value) in item.iter() {
                match key.extract::<String>()?.as_str() {
                    "quantity" => {
                        line.quantity = value
                            .extract()
                            .map_err(|_| invalid(index, "quantity must be an integer"))?
                    }
                    "price" => {
                        line.price = value
                            .extract()
                            .map_err(|_| invalid(index, "price must be a string"))?
                    }
                    "price_data" => {
                        let data = value
                            .cast::<PyDict>()
                            .map_err(|_| invalid(index, "price_data must be a dict"))?;
                        let get = |name: &str| data.get_item(name).ok().flatten();
                        let product = get("product_data")
                            .and_then(|p| p.cast_into::<PyDict>().ok())
                            .ok_or_else(|| {
                                invalid(index, "price_data.product_data must be a dict with a name")
                            })?;
                        let name = product
                            .get_item("name")?
                            .map(|n| n.extract::<String>())
                            .transpose()
                            .map_err(|_| invalid(index, "product_data.name must be a string"))?
                            .unwrap_or_default();
                        line.price_data = Some(offsession::PriceData {
                            currency: get("currency")
                                .map(|c| c.extract())
                                .transpose()
                                .map_err(|_| invalid(index, "currency must be a string"))?
                                .unwrap_or_default(),
                            unit_amount: get("unit_amount")
                                .map(|a| a.extract())
                                .transpose()
                                .map_err(|_| invalid(index, "unit_amount must be an integer"))?
                                .unwrap_or_default(),
                            product_data: offsession::ProductData {
                                name,
                                description: None,
                            },
                        });
                    }
                    other => {
                        return Err(invalid(
                            index,
                            &format!("unknown field {other:?} (price, price_data, quantity)"),
                        ))
                    }
                }
            }
            Ok(line)
        })
        .collect()
}
