//! Action plans through a real server (issue 19): the ideas with most dots are carried on
//! to an action plan as actions, linked back; everyone plans them together; a person puts
//! only themselves down as a volunteer, under their own name. Raw websocket traffic, no UI.

use polyphony_shared::actions::doc::ActionsDoc;
use polyphony_shared::actions::{ActionStatus, PlanField};
use polyphony_shared::agenda::{ActivityKind, Link};
use polyphony_shared::governance::Refusal;
use polyphony_shared::{Command, DocName, Perspective};
use polyphony_tests::agenda::{AgendaBoard, board_with};
use polyphony_tests::client::signed_card;
use polyphony_tests::{TestClient, TestServer, http, rounds};

fn actions(client: &TestClient) -> Vec<polyphony_shared::actions::Action> {
    ActionsDoc::from_doc(client.board.doc().clone()).read()
}

/// Edits the plan through `client` (the roots are taken before the transaction opens).
fn plan(client: &TestClient, change: impl FnOnce(&ActionsDoc, &mut yrs::TransactionMut) + Send + 'static) {
    let actions = ActionsDoc::from_doc(client.board.doc().clone());
    client.edit(move |_, txn| change(&actions, txn));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chosen_ideas_become_actions_that_people_plan_and_volunteer_for() -> anyhow::Result<()> {
    let server = TestServer::start().await?;
    let activities = [(ActivityKind::IdeaBoard, "Ideas"), (ActivityKind::ActionPlan, "What we will do")];
    let AgendaBoard { board, activities, .. } = board_with(server.addr, "Getting home", &activities).await?;
    let (ideas, plan_id) = (activities[0], activities[1]);
    let ana = http::join_as_participant(server.addr, board.id, "Ana", Perspective::Citizen).await?;
    let bo = http::join_as_participant(server.addr, board.id, "Bo", Perspective::Professional).await?;
    let url = |token: &str, activity| http::ws_url(server.addr, board.id, DocName::Activity(activity), token);

    // Three ideas, dotted; the two with most dots are carried to the action plan.
    let anas_ideas = TestClient::connect(&url(&ana.token, ideas)).await?;
    anas_ideas.edit(signed_card("rota", "A lift rota among neighbours", "Ana", Perspective::Citizen));
    anas_ideas.edit(signed_card("taxi", "Ask the taxi firm for a late fare", "Ana", Perspective::Citizen));
    anas_ideas.edit(signed_card("minibus", "The centre's minibus does a late run", "Ana", Perspective::Citizen));
    let watch = TestClient::connect(&url(&board.token, ideas)).await?;
    watch.wait_until(|doc| doc.card_texts().len() == 3).await?;
    let round = rounds::open_on_cards(server.addr, &board, ideas, "Which first?").await?;
    let votes = [(ana.token.as_str(), "minibus", 2), (&ana.token, "rota", 1), (&bo.token, "rota", 2)];
    rounds::cast(server.addr, board.id, round, &votes).await?;
    let steps = [
        Command::RevealRound { round },
        Command::CarryForward { round, to: plan_id, count: 2 },
        Command::StartActivity { activity: plan_id },
    ];
    for step in steps {
        assert_eq!(http::command(server.addr, board.id, &board.token, &step).await?.status, 204, "{step:?}");
    }
    let anas_plan = TestClient::connect(&url(&ana.token, plan_id)).await?;
    anas_plan.wait_until(|_| actions(&anas_plan).len() == 2).await?;
    let carried = actions(&anas_plan);
    let words: Vec<&str> = carried.iter().map(|action| action.what.as_str()).collect();
    assert!(words.contains(&"A lift rota among neighbours") && words.contains(&"The centre's minibus does a late run"));
    assert!(carried.iter().all(|action| action.status == ActionStatus::ToPlan));
    let rota = carried.iter().find(|action| action.what.starts_with("A lift")).map(|action| action.id.clone());
    let Some(rota) = rota else { anyhow::bail!("the rota was carried") };
    assert_eq!(
        carried.iter().find(|action| action.id == rota).and_then(|action| action.from.clone()),
        Some(Link { activity: ideas, item: "rota".into() }),
        "linked back to the idea"
    );

    // Ana plans it and volunteers; Bo volunteers at the same time; both are kept.
    let bos_plan = TestClient::connect(&url(&bo.token, plan_id)).await?;
    bos_plan.wait_until(|_| actions(&bos_plan).len() == 2).await?;
    let (ana_id, bo_id) = (ana.participant.id, bo.participant.id);
    let id = rota.to_string();
    plan(&anas_plan, move |plan, txn| {
        plan.set_field(txn, &id, PlanField::FirstStep, "Ask the residents' meeting on Tuesday");
        plan.set_due(txn, &id, "2027-03-31");
        plan.set_status(txn, &id, ActionStatus::Planned);
        plan.volunteer(txn, &id, ana_id, "Ana", true);
    });
    let id = rota.to_string();
    plan(&bos_plan, move |plan, txn| plan.volunteer(txn, &id, bo_id, "Bo", true));
    let reader = TestClient::connect(&url(&board.token, plan_id)).await?;
    let planned = |client: &TestClient| actions(client).into_iter().find(|action| action.id == rota);
    reader.wait_until(|_| planned(&reader).is_some_and(|action| action.volunteers.len() == 2)).await?;
    let Some(seen) = planned(&reader) else { anyhow::bail!("the rota is on the plan") };
    assert_eq!(seen.field(PlanField::FirstStep), "Ask the residents' meeting on Tuesday");
    assert_eq!((seen.due.as_str(), seen.status), ("2027-03-31", ActionStatus::Planned));
    assert!(anas_plan.seen().denials.is_empty() && bos_plan.seen().denials.is_empty());

    // Nobody puts someone else down, nor themselves under another name; a facilitator may.
    let id = rota.to_string();
    plan(&bos_plan, move |plan, txn| plan.volunteer(txn, &id, ana_id, "Ana", false));
    bos_plan.wait_for(|seen, _| !seen.denials.is_empty()).await?;
    assert_eq!(bos_plan.seen().denials[0], Refusal::VolunteerForOthers.to_string());
    let id = rota.to_string();
    plan(&anas_plan, move |plan, txn| plan.volunteer(txn, &id, ana_id, "The mayor", true));
    anas_plan.wait_for(|seen, _| !seen.denials.is_empty()).await?;
    assert_eq!(anas_plan.seen().denials[0], Refusal::VolunteerForOthers.to_string());
    let facilitator = TestClient::connect(&url(&board.token, plan_id)).await?;
    facilitator.wait_until(|_| planned(&facilitator).is_some()).await?;
    let id = rota.to_string();
    plan(&facilitator, move |plan, txn| plan.volunteer(txn, &id, bo_id, "Bo", false));
    let fresh = TestClient::connect(&url(&board.token, plan_id)).await?;
    fresh.wait_until(|_| planned(&fresh).is_some_and(|action| action.volunteers.len() == 1)).await?;
    let Some(kept) = planned(&fresh) else { anyhow::bail!("the rota is on the plan") };
    assert_eq!(kept.volunteers.values().collect::<Vec<_>>(), ["Ana"], "Ana's name survived Bo's attempt");

    // The plan as CSV for the facilitator: every action with its plan; on an anonymous
    // board the volunteers are counted, never named.
    let path = format!("/api/boards/{}/actions/{plan_id}/actions.csv", board.id);
    let get = |path: String, token: String| async move {
        let bearer = format!("Bearer {token}");
        http::raw_request(server.addr, "GET", &path, &[("authorization", bearer.as_str())], None).await
    };
    let csv = |token: &str| get(path.clone(), token.to_owned());
    let exported = csv(&board.token).await?;
    assert_eq!(exported.status, 200);
    let text = String::from_utf8(exported.body.to_vec())?;
    assert!(text.starts_with(
        "action,status,due,why,owners,supporters,resources,firstStep,indicator,progress,volunteers,perspective,carried from\r\n"
    ));
    assert!(text.contains("A lift rota among neighbours,Planned,2027-03-31,,,,,Ask the residents' meeting on Tuesday,,,Ana,citizen,Ideas\r\n"), "{text}");
    assert_eq!(csv(&ana.token).await?.status, 403, "facilitators only");
    let ideas_path = format!("/api/boards/{}/actions/{ideas}/actions.csv", board.id);
    assert_eq!(get(ideas_path, board.token.clone()).await?.status, 400);
    let anonymous = Command::SetAnonymous { on: true };
    assert_eq!(http::command(server.addr, board.id, &board.token, &anonymous).await?.status, 204);
    let text = String::from_utf8(csv(&board.token).await?.body.to_vec())?;
    assert!(text.contains("Ask the residents' meeting on Tuesday,,,1,citizen"), "{text}");
    assert!(!text.contains("Ana") && !text.contains("Bo,"), "no name on an anonymous board: {text}");
    Ok(())
}
