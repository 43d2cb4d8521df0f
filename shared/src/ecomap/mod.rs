//! Eco-maps (Hartman; seed 003: "to create an eco-map of resources with families"): the
//! person or household in a central circle, the people and systems around them as circles,
//! and ties whose line says what the tie is like and whose arrows say which way energy and
//! resources flow. Drawn with the family, not about them, and redrawn later.
//!
//! The map lives in its activity's own document, beside the board schema's roots
//! ([`doc`]), written by everyone who may write the activity, each step undoable by whoever
//! made it. [`svg`] draws it, the same drawing for the screen and for export; [`phrase`]
//! says each tie in words, for the list a screen reader reads.

pub mod compare;
pub mod doc;
pub mod phrase;
pub mod svg;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod version_tests;
pub mod versions;

/// The id the centre has as the end of a tie.
pub const CENTRE: &str = "centre";
/// Longest name of the centre or of a node, in characters.
pub const MAX_NAME_CHARS: usize = 80;
/// Longest note, in characters.
pub const MAX_NOTE_CHARS: usize = 300;
/// Most nodes a map shows.
pub const MAX_NODES: usize = 60;

/// What kind of system a node is: its colour and icon on the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Category {
    /// Extended family.
    Family,
    /// Friends.
    Friends,
    /// Neighbours.
    Neighbours,
    /// School or childcare.
    School,
    /// Work.
    Work,
    /// Health care.
    Health,
    /// Social services.
    SocialServices,
    /// Community groups.
    Community,
    /// Faith.
    Faith,
    /// Leisure and sport.
    Leisure,
    /// Online.
    Online,
    /// Anything else.
    #[default]
    Other,
}

impl Category {
    /// Every category, in the order offered.
    pub const ALL: [Category; 12] = [
        Category::Family,
        Category::Friends,
        Category::Neighbours,
        Category::School,
        Category::Work,
        Category::Health,
        Category::SocialServices,
        Category::Community,
        Category::Faith,
        Category::Leisure,
        Category::Online,
        Category::Other,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Family => "family",
            Category::Friends => "friends",
            Category::Neighbours => "neighbours",
            Category::School => "school",
            Category::Work => "work",
            Category::Health => "health",
            Category::SocialServices => "social-services",
            Category::Community => "community",
            Category::Faith => "faith",
            Category::Leisure => "leisure",
            Category::Online => "online",
            Category::Other => "other",
        }
    }

    /// Its name in the legend.
    pub fn label(self) -> &'static str {
        match self {
            Category::Family => "Extended family",
            Category::Friends => "Friends",
            Category::Neighbours => "Neighbours",
            Category::School => "School or childcare",
            Category::Work => "Work",
            Category::Health => "Health care",
            Category::SocialServices => "Social services",
            Category::Community => "Community groups",
            Category::Faith => "Faith",
            Category::Leisure => "Leisure and sport",
            Category::Online => "Online",
            Category::Other => "Other",
        }
    }

    /// Its fill on the map: light, so black text reads on it.
    pub fn colour(self) -> &'static str {
        match self {
            Category::Family => "#fde2e4",
            Category::Friends => "#fff1c1",
            Category::Neighbours => "#e2f0cb",
            Category::School => "#cde7f0",
            Category::Work => "#e4dcf1",
            Category::Health => "#d4f1e4",
            Category::SocialServices => "#d7e3fc",
            Category::Community => "#ffe5d0",
            Category::Faith => "#f1e3d3",
            Category::Leisure => "#e8f5c8",
            Category::Online => "#e0e0e0",
            Category::Other => "#f4f4f4",
        }
    }

    /// Its icon, beside the name (never the only cue: the legend names it); all from
    /// Unicode 7 or earlier, so older phones draw them.
    pub fn icon(self) -> &'static str {
        match self {
            Category::Family => "👪",
            Category::Friends => "👫",
            Category::Neighbours => "🏘",
            Category::School => "🏫",
            Category::Work => "💼",
            Category::Health => "🏥",
            Category::SocialServices => "🏛",
            Category::Community => "👥",
            Category::Faith => "🕊",
            Category::Leisure => "⚽",
            Category::Online => "💻",
            Category::Other => "●",
        }
    }
}

/// What a tie is like, drawn as its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Strength {
    /// Strong: a thick line.
    Strong,
    /// Ordinary: a plain line.
    #[default]
    Ordinary,
    /// Tenuous: a dashed line.
    Tenuous,
}

impl Strength {
    /// Every strength, strongest first.
    pub const ALL: [Strength; 3] = [Strength::Strong, Strength::Ordinary, Strength::Tenuous];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Strength::Strong => "strong",
            Strength::Ordinary => "ordinary",
            Strength::Tenuous => "tenuous",
        }
    }
}

/// Which way energy and resources flow along a tie, from its first end (`a`) to its
/// second (`b`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Flow {
    /// No arrows.
    #[default]
    None,
    /// From `a` to `b`.
    Forward,
    /// From `b` to `a`.
    Back,
    /// Both ways.
    Both,
}

impl Flow {
    /// Every flow.
    pub const ALL: [Flow; 4] = [Flow::None, Flow::Forward, Flow::Back, Flow::Both];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Flow::None => "none",
            Flow::Forward => "forward",
            Flow::Back => "back",
            Flow::Both => "both",
        }
    }
}

/// The person or household at the centre.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Centre {
    /// "The Jansen family", "Mila".
    pub name: String,
    /// Who belongs to it, as written ("Mila, her mother Ana, baby Tom").
    pub members: String,
}

/// A person or system around the centre.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Node {
    /// Stable id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// What kind of system it is.
    pub category: Category,
    /// A note.
    pub note: String,
    /// Where it sits, in map units (the map is [`svg::WIDTH`] × [`svg::HEIGHT`]).
    pub x: f64,
    /// Where it sits.
    pub y: f64,
}

/// A tie between two ends (the centre or nodes).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tie {
    /// Stable id.
    pub id: String,
    /// Its first end: [`CENTRE`] or a node's id.
    pub a: String,
    /// Its second end.
    pub b: String,
    /// Strong, ordinary or tenuous.
    pub strength: Strength,
    /// Stressful: a jagged line.
    pub stressful: bool,
    /// Which way resources flow.
    pub flow: Flow,
    /// A note.
    pub note: String,
}

/// An eco-map as it stands: the centre, the nodes and the ties between ends that exist,
/// each in id order, so every replica reads the same map.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EcoMap {
    /// The centre.
    pub centre: Centre,
    /// The nodes.
    pub nodes: Vec<Node>,
    /// The ties.
    pub ties: Vec<Tie>,
}

impl EcoMap {
    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|node| node.id == id)
    }

    /// What an end of a tie is called: the centre's name, or the node's.
    pub fn end_name(&self, end: &str) -> String {
        if end == CENTRE {
            return if self.centre.name.trim().is_empty() { "The family".to_owned() } else { self.centre.name.clone() };
        }
        self.node(end).map_or_else(|| "?".to_owned(), |node| node.name.clone())
    }

    /// Where an end sits on the map.
    pub fn end_at(&self, end: &str) -> Option<(f64, f64)> {
        if end == CENTRE {
            return Some(svg::CENTRE_AT);
        }
        self.node(end).map(|node| (node.x, node.y))
    }

    /// A free spot for a new node: around the centre, where no node is close.
    pub fn free_spot(&self) -> (f64, f64) {
        let (cx, cy) = svg::CENTRE_AT;
        let taken = |x: f64, y: f64| {
            self.nodes.iter().any(|node| (node.x - x).hypot(node.y - y) < 2.0 * svg::NODE_RADIUS + 10.0)
        };
        for ring in 0..3 {
            let radius = 300.0 + 140.0 * f64::from(ring);
            let steps = 10 + 6 * ring;
            for step in 0..steps {
                let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * f64::from(step) / f64::from(steps);
                let (x, y) = (cx + radius * angle.cos(), cy + radius * angle.sin());
                let inside = (svg::NODE_RADIUS..=svg::WIDTH - svg::NODE_RADIUS).contains(&x)
                    && (svg::NODE_RADIUS..=svg::HEIGHT - svg::NODE_RADIUS).contains(&y);
                if inside && !taken(x, y) {
                    return (x.round(), y.round());
                }
            }
        }
        (svg::NODE_RADIUS, svg::NODE_RADIUS)
    }
}
