//! The report as one HTML page made for reading and for print: no controls and no
//! scripts, its own styles inline, page breaks between phases, tables that say their
//! numbers in words as well as bars, and the colours kept when printed to PDF.

use std::fmt::Write;

use super::{
    ActivityReport, Item, Outcome, PERSPECTIVES, Report, people_in_words, poll_rows, volunteers, with_agreement,
};
use crate::actions::{Action, PlanField};
use crate::agenda::ActivityKind;
use crate::facilitation::Phase;
use crate::markup::escape;
use crate::polls::{ByPerspective, Poll};

const STYLE: &str = r#"
:root { color: #1d2430; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.45; }
body { margin: 0; background: #ffffff; }
main { max-width: 46rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
header { border-bottom: 3px solid #2456c7; margin-bottom: 1.5rem; }
.kicker { text-transform: uppercase; letter-spacing: 0.08em; color: #2456c7; font-weight: 700; margin: 0; }
h1 { font-size: 2rem; margin: 0.2rem 0 0.4rem; }
h2 { font-size: 1.5rem; margin: 2rem 0 0.5rem; color: #1f5135; }
h3 { font-size: 1.2rem; margin: 1.5rem 0 0.25rem; }
h4 { font-size: 1rem; margin: 1rem 0 0.25rem; }
.meta, .prompt, .note { color: #4a5262; }
.prompt { font-style: italic; margin-top: 0; }
.agreed { font-size: 1.2rem; font-weight: 700; border-left: 4px solid #1f7a3d; padding-left: 0.75rem; }
.activity { break-inside: avoid-page; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 0.3rem 0.4rem; border-bottom: 1px solid #c9cfdb; vertical-align: top; }
thead th { font-size: 0.85rem; }
td.number, th.number { text-align: right; white-space: nowrap; }
.bar { display: flex; height: 0.7rem; min-width: 4rem; background: #eef0f5; }
.bar span { display: block; height: 100%; }
.citizen { background: #2456c7; } .professional { background: #b0600a; } .other { background: #6b7280; }
.legend span { display: inline-block; width: 0.8rem; height: 0.8rem; vertical-align: middle; margin: 0 0.2rem 0 0.6rem; }
.badge { border: 1px solid currentColor; border-radius: 999px; padding: 0 0.45rem; font-size: 0.8rem; font-weight: 700; white-space: nowrap; }
.marked { color: #1f5135; } .different { color: #8a5100; }
.who { color: #4a5262; font-size: 0.85rem; }
ul.items li { margin: 0.2rem 0; }
figure.ecomap { margin: 0.5rem 0; } figure.ecomap svg { width: 100%; height: auto; border: 1px solid #c9cfdb; }
dl.plan { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 0.75rem; margin: 0.25rem 0 0.75rem; }
dl.plan dt { color: #4a5262; } dl.plan dd { margin: 0; }
main { overflow-wrap: anywhere; }
.table { overflow-x: auto; }
@media (max-width: 32rem) {
  th.bars, td.bars { display: none; }
  dl.plan { display: block; } dl.plan dd { margin: 0 0 0.3rem; }
  th, td { padding: 0.25rem 0.2rem; }
}
@page { margin: 16mm 14mm; }
@media print {
  :root { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2.phase:not(:first-of-type) { break-before: page; }
  h2, h3, h4 { break-after: avoid-page; }
  tr, figure { break-inside: avoid-page; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"#;

/// The whole report as an HTML page.
pub fn render(report: &Report) -> String {
    let mut page = String::with_capacity(16 * 1024);
    let title = escape(&report.title);
    let _ = write!(
        page,
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{title} · workshop report</title><style>{STYLE}</style></head><body><main>"#
    );
    let anonymous = if report.anonymous { " Contributions were anonymous: nobody is named." } else { "" };
    let _ = write!(
        page,
        r#"<header><p class="kicker">Workshop report</p><h1>{title}</h1><p class="meta">{} · {} took part.{anonymous}</p></header>"#,
        escape(&report.made_on),
        escape(&people_in_words(&report.people)),
    );
    page.push_str("<section><h2>The challenge</h2>");
    if report.challenge.trim().is_empty() {
        page.push_str(r#"<p class="note">No problem statement was written.</p>"#);
    } else {
        paragraphs(&mut page, &report.challenge);
    }
    if let Some(question) = &report.agreed_question {
        let _ = write!(page, r#"<h3>The question we agreed on</h3><p class="agreed">{}</p>"#, escape(question));
    }
    page.push_str("<h3>Who took part</h3><table><thead><tr>");
    for name in PERSPECTIVES {
        let _ = write!(page, r#"<th scope="col" class="number">{name}</th>"#);
    }
    page.push_str("</tr></thead><tbody><tr>");
    for count in report.people {
        let _ = write!(page, r#"<td class="number">{count}</td>"#);
    }
    page.push_str("</tr></tbody></table></section>");
    for phase in Phase::ALL {
        let activities: Vec<&ActivityReport> = report.activities.iter().filter(|a| a.phase == phase).collect();
        if activities.is_empty() {
            continue;
        }
        let _ = write!(page, r#"<h2 class="phase">{}</h2>"#, escape(phase.label()));
        for activity in activities {
            activity_section(&mut page, activity, report.anonymous);
        }
    }
    page.push_str("</main></body></html>\n");
    page
}

fn activity_section(page: &mut String, activity: &ActivityReport, anonymous: bool) {
    let _ = write!(
        page,
        r#"<section class="activity"><h3>{}</h3><p class="prompt">{} · {}</p>"#,
        escape(&activity.title),
        escape(activity.kind.label()),
        escape(&activity.prompt)
    );
    match &activity.outcome {
        Outcome::Nothing => page.push_str(r#"<p class="note">Nothing was written here.</p>"#),
        Outcome::Text(text) => paragraphs(page, text),
        Outcome::Items { items, voted_on } => items_html(page, items, voted_on.as_deref()),
        Outcome::Poll(poll) => poll_html(page, activity.kind, poll),
        Outcome::EcoMap(Some(svg)) => {
            let _ = write!(page, r#"<figure class="ecomap">{svg}</figure>"#);
        }
        Outcome::EcoMap(None) => page
            .push_str(r#"<p class="note">This map is personal: the facilitator did not include it in the report.</p>"#),
        Outcome::Actions(actions) => actions_html(page, actions, anonymous),
    }
    page.push_str("</section>");
}

fn paragraphs(page: &mut String, text: &str) {
    for paragraph in text.split("\n\n").map(str::trim).filter(|paragraph| !paragraph.is_empty()) {
        let _ = write!(page, "<p>{}</p>", escape(paragraph).replace('\n', "<br>"));
    }
}

fn items_html(page: &mut String, items: &[Item], voted_on: Option<&str>) {
    if items.is_empty() {
        page.push_str(r#"<p class="note">Nothing was written here.</p>"#);
        return;
    }
    if let Some(question) = voted_on {
        let _ = write!(page, r#"<p>Dots for “{}”, by perspective:</p>"#, escape(question));
        counts_table(page, "Item", items.iter().map(|item| (with_agreement(item), item.dots.unwrap_or_default())));
        return;
    }
    let mut group: Option<&str> = None;
    page.push_str(r#"<ul class="items">"#);
    for item in items {
        if item.group.as_deref() != group && item.group.is_some() {
            group = item.group.as_deref();
            let _ = write!(page, r#"</ul><h4>{}</h4><ul class="items">"#, escape(group.unwrap_or_default()));
        }
        let marked = if item.marked { r#" <span class="badge marked">✓ Agreed</span>"# } else { "" };
        let who =
            item.perspective.map(|perspective| format!(r#" <span class="who">({})</span>"#, perspective.as_str()));
        let _ = write!(page, "<li>{}{marked}{}</li>", escape(&item.text), who.unwrap_or_default());
    }
    page.push_str("</ul>");
}

/// A table of counts by perspective, with a bar each, longest bar the most.
fn counts_table(page: &mut String, heading: &str, rows: impl Iterator<Item = (String, ByPerspective)>) {
    let rows: Vec<(String, ByPerspective)> = rows.collect();
    let most = rows.iter().map(|(_, counts)| counts.iter().sum::<u32>()).max().unwrap_or(0).max(1);
    let _ = write!(page, r#"<div class="table"><table><thead><tr><th scope="col">{}</th>"#, escape(heading));
    for name in PERSPECTIVES {
        let _ = write!(page, r#"<th scope="col" class="number">{name}</th>"#);
    }
    page.push_str(r#"<th scope="col" class="number">Total</th><th scope="col" class="bars"><span class="legend"><span class="citizen"></span>citizens<span class="professional"></span>professionals<span class="other"></span>others</span></th></tr></thead><tbody>"#);
    for (label, counts) in rows {
        let total: u32 = counts.iter().sum();
        let _ = write!(page, r#"<tr><th scope="row">{}</th>"#, escape(&label));
        for count in counts {
            let _ = write!(page, r#"<td class="number">{count}</td>"#);
        }
        let _ = write!(page, r#"<td class="number">{total}</td><td class="bars"><div class="bar" aria-hidden="true">"#);
        for (count, class) in counts.iter().zip(["citizen", "professional", "other"]) {
            let width = f64::from(*count) * 100.0 / f64::from(most);
            let _ = write!(page, r#"<span class="{class}" style="width:{width:.1}%"></span>"#);
        }
        page.push_str("</div></td></tr>");
    }
    page.push_str("</tbody></table></div>");
}

fn poll_html(page: &mut String, kind: ActivityKind, poll: &Poll) {
    let Some(results) = &poll.results else {
        page.push_str(r#"<p class="note">The results were not shown to the room.</p>"#);
        return;
    };
    let answered: u32 = results.answered.iter().sum();
    let _ = write!(page, "<p>{} answered.</p>", people_in_words(&results.answered));
    match kind {
        ActivityKind::Evaluation => evaluation_html(page, poll),
        ActivityKind::OpenQuestion => list(page, &results.texts),
        ActivityKind::PanelQuestions => counts_table(
            page,
            "Question (upvotes)",
            results.questions.iter().map(|question| (question.text.clone(), question.votes)),
        ),
        _ if answered > 0 => counts_table(page, "Answer", poll_rows(kind, poll).into_iter()),
        _ => {}
    }
}

fn evaluation_html(page: &mut String, poll: &Poll) {
    let Some(results) = &poll.results else { return };
    page.push_str(r#"<div class="table"><table><thead><tr><th scope="col">Statement</th>"#);
    for name in PERSPECTIVES.iter().chain(&["Everyone"]) {
        let _ = write!(page, r#"<th scope="col" class="number">{name}</th>"#);
    }
    page.push_str("</tr></thead><tbody>");
    for (statement, counts) in poll.options.iter().zip(&results.statements) {
        let seen = counts.agreement();
        let different = if seen.scale_alike == Some(false) {
            r#" <span class="badge different">Seen differently</span>"#
        } else {
            ""
        };
        let _ = write!(page, r#"<tr><th scope="row">{}{different}</th>"#, escape(statement));
        for average in seen.averages.iter().copied().chain([counts.average()]) {
            let said = average.map_or_else(|| "–".to_owned(), |average| format!("{average:.1}"));
            let _ = write!(page, r#"<td class="number">{said}</td>"#);
        }
        page.push_str("</tr>");
    }
    page.push_str(r#"</tbody></table></div><p class="note">Averages from 1 (Not at all) to 5 (Completely).</p>"#);
    if !results.texts.is_empty() {
        page.push_str("<h4>Comments</h4>");
        list(page, &results.texts);
    }
}

fn list(page: &mut String, texts: &[String]) {
    page.push_str(r#"<ul class="items">"#);
    for text in texts {
        let _ = write!(page, "<li>{}</li>", escape(text));
    }
    page.push_str("</ul>");
}

fn actions_html(page: &mut String, actions: &[Action], anonymous: bool) {
    if actions.is_empty() {
        page.push_str(r#"<p class="note">No actions yet.</p>"#);
        return;
    }
    for action in actions {
        let _ = write!(
            page,
            "<h4>{}</h4><dl class=\"plan\"><dt>Where it stands</dt><dd>{}</dd>",
            escape(&action.what),
            action.status.label()
        );
        if !action.due.is_empty() {
            let _ = write!(page, "<dt>Due</dt><dd>{}</dd>", escape(&action.due));
        }
        for field in PlanField::ALL {
            let written = action.field(field);
            if !written.is_empty() {
                let _ = write!(page, "<dt>{}</dt><dd>{}</dd>", escape(field.label()), escape(written));
            }
        }
        if !action.volunteers.is_empty() {
            let helping = volunteers(action, anonymous);
            let _ = write!(page, "<dt>Volunteers</dt><dd>{}</dd>", escape(&helping));
        }
        page.push_str("</dl>");
    }
}
