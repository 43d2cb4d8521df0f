//! The report as Markdown (CommonMark with GitHub's tables), for a wiki, an email or a
//! document editor. Written text is escaped so nothing anyone typed turns into markup.

use std::fmt::Write;

use super::{ActivityReport, Item, Outcome, PERSPECTIVES, Report, people_in_words, poll_rows, volunteers};
use crate::actions::{Action, PlanField};
use crate::agenda::ActivityKind;
use crate::facilitation::Phase;
use crate::polls::{ByPerspective, Poll};

/// The whole report as Markdown.
pub fn render(report: &Report) -> String {
    let mut text = String::with_capacity(8 * 1024);
    let _ = writeln!(text, "# {}\n", inline(&report.title));
    let anonymous = if report.anonymous { " Contributions were anonymous: nobody is named." } else { "" };
    let _ = writeln!(
        text,
        "Workshop report, {} · {} took part.{anonymous}\n",
        inline(&report.made_on),
        people_in_words(&report.people)
    );
    text.push_str("## The challenge\n\n");
    if report.challenge.trim().is_empty() {
        text.push_str("_No problem statement was written._\n\n");
    } else {
        paragraphs(&mut text, &report.challenge);
    }
    if let Some(question) = &report.agreed_question {
        let _ = writeln!(text, "**The question we agreed on:** {}\n", inline(question));
    }
    let _ = writeln!(text, "| {} |\n|---:|---:|---:|", PERSPECTIVES.join(" | "));
    let _ = writeln!(text, "| {} | {} | {} |\n", report.people[0], report.people[1], report.people[2]);
    for phase in Phase::ALL {
        let activities: Vec<&ActivityReport> = report.activities.iter().filter(|a| a.phase == phase).collect();
        if activities.is_empty() {
            continue;
        }
        let _ = writeln!(text, "## {}\n", phase.label());
        for activity in activities {
            activity_part(&mut text, activity, report.anonymous);
        }
    }
    text
}

fn activity_part(text: &mut String, activity: &ActivityReport, anonymous: bool) {
    let _ = writeln!(text, "### {}\n", inline(&activity.title));
    let _ = writeln!(text, "_{} · {}_\n", activity.kind.label(), inline(&activity.prompt));
    match &activity.outcome {
        Outcome::Nothing => text.push_str("_Nothing was written here._\n\n"),
        Outcome::Text(written) => paragraphs(text, written),
        Outcome::Items { items, voted_on } => items_part(text, items, voted_on.as_deref()),
        Outcome::Poll(poll) => poll_part(text, activity.kind, poll),
        Outcome::EcoMap(Some(_)) => text.push_str("_The map is drawn in the HTML report._\n\n"),
        Outcome::EcoMap(None) => {
            text.push_str("_This map is personal: the facilitator did not include it in the report._\n\n");
        }
        Outcome::Actions(actions) => actions_part(text, actions, anonymous),
    }
}

/// Text on one line, with everything Markdown would read as markup escaped.
pub fn inline(written: &str) -> String {
    let mut escaped = String::with_capacity(written.len());
    for character in written.chars() {
        match character {
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '<' | '>' | '!' | '~' => {
                escaped.push('\\');
                escaped.push(character);
            }
            '\n' | '\r' => escaped.push(' '),
            c if c.is_control() => {}
            c => escaped.push(c),
        }
    }
    escaped.trim().to_owned()
}

fn paragraphs(text: &mut String, written: &str) {
    for paragraph in written.split("\n\n").map(str::trim).filter(|paragraph| !paragraph.is_empty()) {
        let lines: Vec<String> = paragraph.lines().map(plain).collect();
        let _ = writeln!(text, "{}\n", lines.join("  \n"));
    }
}

/// Text on one line that stays text at the start of a block or list item too.
fn plain(written: &str) -> String {
    block_safe(&inline(written))
}

/// A line that Markdown would read as a list or heading underline at the start of a block,
/// made plain.
fn block_safe(line: &str) -> String {
    let starts_list = line.starts_with(['-', '+', '='])
        || line
            .split_once(['.', ')'])
            .is_some_and(|(number, _)| !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()));
    if starts_list { format!("\\{line}") } else { line.to_owned() }
}

fn items_part(text: &mut String, items: &[Item], voted_on: Option<&str>) {
    if items.is_empty() {
        text.push_str("_Nothing was written here._\n\n");
        return;
    }
    if let Some(question) = voted_on {
        let _ = writeln!(text, "Dots for “{}”, by perspective:\n", inline(question));
        counts_table(
            text,
            "Item",
            items.iter().map(|item| (super::with_agreement(item), item.dots.unwrap_or_default())),
        );
        return;
    }
    let mut group: Option<&str> = None;
    for item in items {
        if item.group.as_deref() != group && item.group.is_some() {
            group = item.group.as_deref();
            let _ = writeln!(text, "\n#### {}\n", inline(group.unwrap_or_default()));
        }
        let marked = if item.marked { " **✓ Agreed**" } else { "" };
        let who = item.perspective.map(|perspective| format!(" ({})", perspective.as_str())).unwrap_or_default();
        let _ = writeln!(text, "- {}{marked}{who}", plain(&item.text));
    }
    text.push('\n');
}

fn counts_table(text: &mut String, heading: &str, rows: impl Iterator<Item = (String, ByPerspective)>) {
    let _ = writeln!(text, "| {heading} | {} | Total |\n|---|---:|---:|---:|---:|", PERSPECTIVES.join(" | "));
    for (label, counts) in rows {
        let total: u32 = counts.iter().sum();
        let _ = writeln!(text, "| {} | {} | {} | {} | {total} |", inline(&label), counts[0], counts[1], counts[2]);
    }
    text.push('\n');
}

fn poll_part(text: &mut String, kind: ActivityKind, poll: &Poll) {
    let Some(results) = &poll.results else {
        text.push_str("_The results were not shown to the room._\n\n");
        return;
    };
    let _ = writeln!(text, "{} answered.\n", people_in_words(&results.answered));
    match kind {
        ActivityKind::Evaluation => {
            let _ =
                writeln!(text, "| Statement | {} | Everyone |\n|---|---:|---:|---:|---:|", PERSPECTIVES.join(" | "));
            for (statement, counts) in poll.options.iter().zip(&results.statements) {
                let seen = counts.agreement();
                let different = if seen.scale_alike == Some(false) { " **(seen differently)**" } else { "" };
                let cells: Vec<String> = seen
                    .averages
                    .iter()
                    .copied()
                    .chain([counts.average()])
                    .map(|average| average.map_or_else(|| "–".to_owned(), |average| format!("{average:.1}")))
                    .collect();
                let _ = writeln!(text, "| {}{different} | {} |", inline(statement), cells.join(" | "));
            }
            text.push_str("\n_Averages from 1 (Not at all) to 5 (Completely)._\n\n");
            list(text, &results.texts);
        }
        ActivityKind::OpenQuestion => list(text, &results.texts),
        ActivityKind::PanelQuestions => counts_table(
            text,
            "Question (upvotes)",
            results.questions.iter().map(|question| (question.text.clone(), question.votes)),
        ),
        _ => counts_table(text, "Answer", poll_rows(kind, poll).into_iter()),
    }
}

fn list(text: &mut String, texts: &[String]) {
    for said in texts {
        let _ = writeln!(text, "- {}", plain(said));
    }
    if !texts.is_empty() {
        text.push('\n');
    }
}

fn actions_part(text: &mut String, actions: &[Action], anonymous: bool) {
    if actions.is_empty() {
        text.push_str("_No actions yet._\n\n");
        return;
    }
    for action in actions {
        let _ = writeln!(text, "#### {}\n\n- **Where it stands:** {}", inline(&action.what), action.status.label());
        if !action.due.is_empty() {
            let _ = writeln!(text, "- **Due:** {}", inline(&action.due));
        }
        for field in PlanField::ALL {
            let written = action.field(field);
            if !written.is_empty() {
                let _ = writeln!(text, "- **{}:** {}", field.label(), inline(written));
            }
        }
        if !action.volunteers.is_empty() {
            let _ = writeln!(text, "- **Volunteers:** {}", inline(&volunteers(action, anonymous)));
        }
        text.push('\n');
    }
}
