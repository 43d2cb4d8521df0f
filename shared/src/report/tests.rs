//! The report rendered from a report of every kind of outcome.

use std::collections::BTreeMap;

use super::*;
use crate::actions::{ActionStatus, PlanField};
use crate::ids::ParticipantId;
use crate::polls::{PollResults, PollStatus};

fn activity(title: &str, kind: ActivityKind, phase: Phase, outcome: Outcome) -> ActivityReport {
    ActivityReport { title: title.into(), kind, phase, prompt: kind.default_prompt().into(), outcome }
}

fn item(text: &str, perspective: Perspective, group: Option<&str>) -> Item {
    Item {
        text: text.into(),
        perspective: Some(perspective),
        group: group.map(str::to_owned),
        dots: None,
        marked: false,
        agreement: None,
    }
}

fn workshop(anonymous: bool) -> Report {
    let choice = Poll {
        options: vec!["By bus".into(), "On foot".into()],
        status: PollStatus::Revealed,
        results: Some(PollResults {
            counts: BTreeMap::from([(0, [2, 1, 0])]),
            answered: [2, 1, 0],
            ..PollResults::default()
        }),
        ..Poll::default()
    };
    let (answered, statements) = crate::evaluation::count(4, [(Perspective::Citizen, &[1u32, 2, 3, 4][..])]);
    let evaluation = Poll {
        results: Some(PollResults {
            answered,
            statements,
            texts: vec!["More *time*".into()],
            ..PollResults::default()
        }),
        ..crate::evaluation::starting_poll()
    };
    let mut action =
        Action { id: "a1".into(), what: "A lift rota".into(), status: ActionStatus::Doing, ..Action::default() };
    action.plan.insert(PlanField::Indicator, "20 lifts a month".into());
    action.volunteers.insert(ParticipantId::random_from(&mut (1u8..)), "Mila Horvat".into());
    Report {
        title: "Getting <home>".into(),
        made_on: "29 November 2026".into(),
        challenge: "People cannot get home after evening sessions.\n\n1. Buses stop at six.".into(),
        agreed_question: Some("How might we get everyone home safely?".into()),
        people: [3, 2, 0],
        anonymous,
        activities: vec![
            activity(
                "The need",
                ActivityKind::SharedText,
                Phase::CoDefinition,
                Outcome::Text("<script>alert(1)</script>".into()),
            ),
            activity(
                "Ideas",
                ActivityKind::IdeaBoard,
                Phase::CoCreation,
                Outcome::Items {
                    items: vec![
                        item("Neighbours drive", Perspective::Citizen, Some("Lifts")),
                        item("Taxi vouchers", Perspective::Professional, Some("Money")),
                    ],
                    voted_on: None,
                },
            ),
            activity("How do you get here?", ActivityKind::Choice, Phase::CoDefinition, Outcome::Poll(choice)),
            activity("Your family", ActivityKind::EcoMap, Phase::CoDefinition, Outcome::EcoMap(None)),
            activity(
                "What we will do",
                ActivityKind::ActionPlan,
                Phase::Implementation,
                Outcome::Actions(vec![action]),
            ),
            activity("How was it?", ActivityKind::Evaluation, Phase::Implementation, Outcome::Poll(evaluation)),
        ],
    }
}

#[test]
fn the_html_report_reads_in_phase_order_without_controls_or_markup_from_anyone() {
    let page = html::render(&workshop(false));
    for absent in ["<script", "<button", "<input", "<form", "<home>"] {
        assert!(!page.contains(absent), "{absent} in the report");
    }
    assert!(page.contains("Getting &lt;home&gt;"));
    assert!(page.contains("3 citizens and 2 professionals took part"));
    let at = |text: &str| page.find(text).unwrap_or_else(|| panic!("{text} missing"));
    assert!(at("The need") < at("How do you get here?"), "co-definition first");
    assert!(at("How do you get here?") < at("Ideas"), "then co-creation, whatever the agenda's order");
    assert!(at("<h4>Lifts</h4>") < at("Neighbours drive") && at("<h4>Money</h4>") < at("Taxi vouchers"));
    assert!(page.contains(r#"<th scope="row">By bus</th><td class="number">2</td><td class="number">1</td>"#));
    assert!(page.contains("This map is personal") && !page.contains("<svg"));
    assert!(page.contains("<dt>How we will know it worked (indicator and target)</dt><dd>20 lifts a month</dd>"));
    assert!(page.contains("<dd>Mila Horvat</dd>"), "volunteers are named when the board is not anonymous");
    assert!(page.contains("I was heard.") && page.contains("More *time*"));
    assert!(page.contains("@media print") && page.contains("break-before: page"));
}

#[test]
fn an_anonymous_report_names_nobody_in_either_form() {
    let report = workshop(true);
    for rendered in [html::render(&report), markdown::render(&report)] {
        assert!(!rendered.contains("Mila") && !rendered.contains("Horvat"), "{rendered}");
        assert!(rendered.contains("1 person"), "volunteers counted");
        assert!(rendered.contains("nobody is named"));
    }
}

#[test]
fn the_markdown_report_keeps_what_people_typed_as_text() {
    let text = markdown::render(&workshop(false));
    assert!(text.starts_with("# Getting \\<home\\>\n"));
    assert!(text.contains("\\1. Buses stop at six."), "a typed '1.' does not become a list: {text}");
    assert!(text.contains("\\<script\\>alert(1)\\</script\\>"));
    assert!(text.contains("- More \\*time\\*"));
    assert!(text.contains("| By bus | 2 | 1 | 0 | 3 |"));
    assert!(text.contains("#### Lifts\n\n- Neighbours drive (citizen)"));
    assert!(text.contains("**The question we agreed on:** How might we get everyone home safely?"));
    assert!(text.contains("- **Volunteers:** Mila Horvat"));
}

#[test]
fn people_are_counted_in_plain_words() {
    assert_eq!(people_in_words(&[1, 0, 0]), "1 citizen");
    assert_eq!(people_in_words(&[2, 1, 3]), "2 citizens, 1 professional and 3 others");
    assert_eq!(people_in_words(&[0, 0, 0]), "Nobody");
}

#[test]
fn a_revealed_rounds_items_say_where_perspectives_meet() {
    let mut buses = item("More buses", Perspective::Citizen, None);
    buses.agreement = Some(crate::voting::agreement::ItemAgreement::CommonGround);
    assert_eq!(super::with_agreement(&buses), "More buses — common ground");
    buses.agreement = Some(crate::voting::agreement::ItemAgreement::SeenDifferently);
    assert_eq!(super::with_agreement(&buses), "More buses — seen differently");
    buses.agreement = None;
    assert_eq!(super::with_agreement(&buses), "More buses");
}
