//! Action plans: the plan kept beside each card, volunteers kept side by side, dates checked.

use yrs::updates::decoder::Decode;
use yrs::{Doc, Options, ReadTxn, Transact, Update};

use super::doc::ActionsDoc;
use super::{ActionStatus, PlanField, is_due_date};
use crate::ids::ParticipantId;
use crate::model::{CardColour, Perspective};
use crate::schema::NewCard;

fn replica(id: u64) -> (Doc, ActionsDoc) {
    let doc = Doc::with_options(Options { client_id: yrs::ClientID::new(id), ..Options::default() });
    let actions = ActionsDoc::from_doc(doc.clone());
    (doc, actions)
}

fn new(id: &str, what: &str) -> NewCard<'static> {
    let (id, what) = (Box::leak(id.to_owned().into_boxed_str()), Box::leak(what.to_owned().into_boxed_str()));
    NewCard {
        id,
        text: what,
        colour: CardColour::Green,
        author_name: "",
        perspective: Perspective::Citizen,
        x: 0.0,
        y: 0.0,
        cluster: None,
    }
}

fn sync(from: &Doc, to: &Doc) {
    let diff = from.transact().encode_diff_v1(&to.transact().state_vector());
    if let Ok(update) = Update::decode_v1(&diff) {
        let _ = to.transact_mut().apply_update(update);
    }
}

#[test]
fn an_action_keeps_its_plan_beside_its_card_in_the_order_put_on_the_plan() {
    let (doc, actions) = replica(1);
    {
        let mut txn = doc.transact_mut();
        actions.add(&mut txn, new("a2", "A homework café at the library"));
        actions.add(&mut txn, new("a1", "Walk-in hours at the school"));
        actions.set_field(&mut txn, "a1", PlanField::FirstStep, "Ask the head teacher");
        actions.set_field(&mut txn, "a1", PlanField::Owners, "Dana");
        actions.set_field(&mut txn, "a1", PlanField::Indicator, "Families who come at least twice: 20 by June");
        actions.set_field(&mut txn, "a1", PlanField::Progress, "12 families so far");
        actions.set_due(&mut txn, "a1", "2027-03-31");
        actions.set_status(&mut txn, "a1", ActionStatus::Doing);
        actions.set_field(&mut txn, "gone", PlanField::Why, "nothing happens to an action that is not there");
    }
    let read = actions.read();
    assert_eq!(
        read.iter().map(|action| action.what.as_str()).collect::<Vec<_>>(),
        ["A homework café at the library", "Walk-in hours at the school"]
    );
    let walk_in = &read[1];
    assert_eq!(walk_in.field(PlanField::FirstStep), "Ask the head teacher");
    assert_eq!(walk_in.field(PlanField::Why), "");
    assert_eq!(walk_in.field(PlanField::Progress), "12 families so far", "the impact indicator's progress too");
    assert_eq!((walk_in.due.as_str(), walk_in.status), ("2027-03-31", ActionStatus::Doing));
    assert_eq!(read[0].status, ActionStatus::ToPlan, "a new action is to plan");
}

#[test]
fn two_people_volunteering_at_once_are_both_kept_and_each_can_step_back() {
    let ((mila_doc, mila), (omar_doc, omar)) = (replica(1), replica(2));
    mila.add(&mut mila_doc.transact_mut(), new("a1", "Walk-in hours"));
    sync(&mila_doc, &omar_doc);
    let (mila_id, omar_id) = (ParticipantId::random_from(&mut (1u8..)), ParticipantId::random_from(&mut (9u8..)));
    mila.volunteer(&mut mila_doc.transact_mut(), "a1", mila_id, "Mila", true);
    omar.volunteer(&mut omar_doc.transact_mut(), "a1", omar_id, "Omar", true);
    sync(&mila_doc, &omar_doc);
    sync(&omar_doc, &mila_doc);
    let names = |actions: &ActionsDoc| actions.read()[0].volunteers.values().cloned().collect::<Vec<_>>();
    let mut both = names(&mila);
    both.sort();
    assert_eq!(both, ["Mila", "Omar"]);
    assert_eq!(names(&mila).len(), names(&omar).len());
    omar.volunteer(&mut omar_doc.transact_mut(), "a1", omar_id, "Omar", false);
    sync(&omar_doc, &mila_doc);
    assert_eq!(names(&mila), ["Mila"]);
}

#[test]
fn only_real_dates_are_due_dates() {
    for good in ["", "2027-03-31", "2026-12-01"] {
        assert!(is_due_date(good), "{good}");
    }
    for bad in ["2027-3-31", "31-03-2027", "2027-13-01", "2027-00-10", "soon", "2027-03-31T10:00"] {
        assert!(!is_due_date(bad), "{bad}");
    }
    let (doc, actions) = replica(1);
    actions.add(&mut doc.transact_mut(), new("a1", "Walk-in hours"));
    actions.set_due(&mut doc.transact_mut(), "a1", "next week");
    assert_eq!(actions.read()[0].due, "", "a stored value that is not a date reads as none");
}
