//! Each tie of an eco-map in words, for the list that a screen reader reads and a keyboard
//! edits: "School — strong, resources flow both ways — “the teacher calls weekly”".

use super::{CENTRE, EcoMap, Flow, Strength, Tie};

/// What a tie's line says.
pub fn kind_of(tie: &Tie) -> String {
    let strength = match tie.strength {
        Strength::Strong => "strong",
        Strength::Ordinary => "ordinary",
        Strength::Tenuous => "tenuous",
    };
    if tie.stressful { format!("{strength} and stressful") } else { strength.to_owned() }
}

/// Which way resources flow, from the point of view of the tie's far end (the one that is
/// not the centre, when one is).
pub fn flow_of(map: &EcoMap, tie: &Tie) -> String {
    let (a, b) = (map.end_name(&tie.a), map.end_name(&tie.b));
    match tie.flow {
        Flow::None => "no flow marked".to_owned(),
        Flow::Both => "resources flow both ways".to_owned(),
        Flow::Forward => format!("resources flow from {a} to {b}"),
        Flow::Back => format!("resources flow from {b} to {a}"),
    }
}

/// What a tie is called: its far end ("School"), or both ends when neither is the centre
/// ("School and Grandma").
pub fn far_end(map: &EcoMap, tie: &Tie) -> String {
    if tie.a == CENTRE {
        map.end_name(&tie.b)
    } else if tie.b == CENTRE {
        map.end_name(&tie.a)
    } else {
        format!("{} and {}", map.end_name(&tie.a), map.end_name(&tie.b))
    }
}

/// The whole tie in one line, named by its far end: "School — strong, resources flow both
/// ways — “the teacher calls weekly”".
pub fn tie_line(map: &EcoMap, tie: &Tie) -> String {
    let name = far_end(map, tie);
    let note = tie.note.trim();
    let note = if note.is_empty() { String::new() } else { format!(" — “{note}”") };
    format!("{name} — {}, {}{note}", kind_of(tie), flow_of(map, tie))
}
