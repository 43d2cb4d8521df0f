//! JSON through the browser's own `JSON` object instead of a Rust JSON library.
//!
//! The few JSON shapes the client reads and writes are small and flat; letting the browser
//! parse and print them keeps a whole JSON implementation out of the download.

use js_sys::{JSON, Object, Reflect};
use wasm_bindgen::JsValue;

/// Parses JSON text into a JS value.
pub fn parse(text: &str) -> Option<JsValue> {
    JSON::parse(text).ok()
}

/// Prints a JS value as JSON text.
pub fn stringify(value: &JsValue) -> Option<String> {
    JSON::stringify(value).ok().and_then(|text| text.as_string())
}

/// A string field of an object.
pub fn string(object: &JsValue, key: &str) -> Option<String> {
    Reflect::get(object, &JsValue::from_str(key)).ok()?.as_string()
}

/// A number field of an object.
pub fn number(object: &JsValue, key: &str) -> Option<f64> {
    Reflect::get(object, &JsValue::from_str(key)).ok()?.as_f64()
}

/// An object field of an object.
pub fn object(object: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(object, &JsValue::from_str(key)).ok().filter(JsValue::is_object)
}

/// Builds an object from key/value pairs.
pub fn build(fields: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in fields {
        Reflect::set(&object, &JsValue::from_str(key), value).ok();
    }
    object.into()
}
