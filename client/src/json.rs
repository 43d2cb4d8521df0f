//! JSON through the browser's own `JSON` object instead of a Rust JSON library.
//!
//! The browser parses and prints; the server's answers are then read into the shared answer
//! types ([`polyphony_shared::answers`]) through [`Js`], which keeps a whole JSON
//! implementation out of the download.

use js_sys::{Array, JSON, Object, Reflect};
use polyphony_shared::answers::{FromJson, JsonValue};
use wasm_bindgen::{JsCast, JsValue};

/// A value the browser parsed, as the shared answer readers see it.
pub struct Js(pub JsValue);

impl JsonValue for Js {
    fn field(&self, key: &str) -> Option<Self> {
        if !self.0.is_object() {
            return None;
        }
        let value = Reflect::get(&self.0, &JsValue::from_str(key)).ok()?;
        (!value.is_undefined()).then_some(Js(value))
    }

    fn text(&self) -> Option<String> {
        self.0.as_string()
    }

    fn number(&self) -> Option<f64> {
        self.0.as_f64()
    }

    fn boolean(&self) -> Option<bool> {
        self.0.as_bool()
    }

    fn items(&self) -> Option<Vec<Self>> {
        Array::is_array(&self.0).then(|| Array::from(&self.0).iter().map(Js).collect())
    }

    fn entries(&self) -> Option<Vec<(String, Self)>> {
        let object = self.0.dyn_ref::<Object>()?;
        let pairs = Object::entries(object);
        pairs
            .iter()
            .map(|pair| Array::from(&pair))
            .map(|pair| Some((pair.get(0).as_string()?, Js(pair.get(1)))))
            .collect()
    }
}

/// Reads a parsed value as one of the shared answer types.
pub fn read<T: FromJson>(value: &JsValue) -> Option<T> {
    T::from_json(&Js(value.clone()))
}

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

/// A boolean field of an object.
pub fn flag(object: &JsValue, key: &str) -> Option<bool> {
    Reflect::get(object, &JsValue::from_str(key)).ok()?.as_bool()
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
