//! [`Command`] as the JSON body of `POST /api/boards/{board_id}/commands`, written without
//! `serde_json`, so the web client sends the shared type without carrying a JSON library in
//! its download. The server reads it with serde; a test holds the two to the same text for
//! every command.

use crate::facilitation::Command;

/// Writes a JSON object field by field.
struct Object {
    json: String,
}

impl Object {
    fn of(kind: &str) -> Object {
        let mut object = Object { json: String::from("{") };
        object.text("type", kind);
        object
    }

    fn key(&mut self, key: &str) {
        if self.json.len() > 1 {
            self.json.push(',');
        }
        push_string(&mut self.json, key);
        self.json.push(':');
    }

    fn text(&mut self, key: &str, value: &str) -> &mut Self {
        self.key(key);
        push_string(&mut self.json, value);
        self
    }

    fn number(&mut self, key: &str, value: u64) -> &mut Self {
        self.key(key);
        self.json.push_str(&value.to_string());
        self
    }

    fn flag(&mut self, key: &str, value: bool) -> &mut Self {
        self.key(key);
        self.json.push_str(if value { "true" } else { "false" });
        self
    }

    fn texts<'a>(&mut self, key: &str, values: impl IntoIterator<Item = &'a str>) -> &mut Self {
        self.key(key);
        self.json.push('[');
        for (at, value) in values.into_iter().enumerate() {
            if at > 0 {
                self.json.push(',');
            }
            push_string(&mut self.json, value);
        }
        self.json.push(']');
        self
    }

    fn numbers(&mut self, key: &str, values: &[u32]) -> &mut Self {
        self.key(key);
        let numbers: Vec<String> = values.iter().map(u32::to_string).collect();
        self.json.push('[');
        self.json.push_str(&numbers.join(","));
        self.json.push(']');
        self
    }

    /// An object, already written as JSON.
    fn object(&mut self, key: &str, value: String) -> &mut Self {
        self.key(key);
        self.json.push_str(&value);
        self
    }

    /// An array of objects, each already written as JSON.
    fn objects(&mut self, key: &str, values: impl IntoIterator<Item = String>) -> &mut Self {
        self.key(key);
        let values: Vec<String> = values.into_iter().collect();
        self.json.push('[');
        self.json.push_str(&values.join(","));
        self.json.push(']');
        self
    }

    fn done(&mut self) -> String {
        self.json.push('}');
        std::mem::take(&mut self.json)
    }
}

/// Appends `text` as a JSON string.
fn push_string(json: &mut String, text: &str) {
    json.push('"');
    for c in text.chars() {
        match c {
            '"' => json.push_str("\\\""),
            '\\' => json.push_str("\\\\"),
            '\n' => json.push_str("\\n"),
            '\r' => json.push_str("\\r"),
            '\t' => json.push_str("\\t"),
            c if u32::from(c) < 0x20 => json.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => json.push(c),
        }
    }
    json.push('"');
}

impl Command {
    /// The command as the JSON the server reads.
    pub fn to_json(&self) -> String {
        match self {
            Command::SetPhase { phase } => Object::of("set_phase").text("phase", phase.as_str()).done(),
            Command::StartTimer { seconds, label } => {
                Object::of("start_timer").number("seconds", *seconds).text("label", label).done()
            }
            Command::PauseTimer => Object::of("pause_timer").done(),
            Command::ResumeTimer => Object::of("resume_timer").done(),
            Command::StopTimer => Object::of("stop_timer").done(),
            Command::Lock { section } => Object::of("lock").text("section", section.as_str()).done(),
            Command::Unlock { section } => Object::of("unlock").text("section", section.as_str()).done(),
            Command::Summon { section } => Object::of("summon").text("section", section.as_str()).done(),
            Command::SetPhaseSections { phase, sections } => Object::of("set_phase_sections")
                .text("phase", phase.as_str())
                .texts("sections", sections.iter().map(|section| section.as_str()))
                .done(),
            Command::SetPrivateWriting { on } => Object::of("set_private_writing").flag("on", *on).done(),
            Command::SetAnonymous { on } => Object::of("set_anonymous").flag("on", *on).done(),
            Command::MakeFacilitator { participant } => {
                Object::of("make_facilitator").text("participant", &participant.to_string()).done()
            }
            Command::RemoveParticipant { participant } => {
                Object::of("remove_participant").text("participant", &participant.to_string()).done()
            }
            Command::SetAdmission { on } => Object::of("set_admission").flag("on", *on).done(),
            Command::SetBalance { shown, prompt_at } => {
                Object::of("set_balance").flag("shown", *shown).number("prompt_at", u64::from(*prompt_at)).done()
            }
            Command::MakeSupporter { participant } => {
                Object::of("make_supporter").text("participant", &participant.to_string()).done()
            }
            Command::AddAssisted { name, perspective } => {
                Object::of("add_assisted").text("name", name).text("perspective", perspective.as_str()).done()
            }
            Command::OnBehalf { person, command } => {
                Object::of("on_behalf").text("person", &person.to_string()).object("command", command.to_json()).done()
            }
            Command::AddCard { card, text, colour } => {
                Object::of("add_card").text("card", card).text("text", text).text("colour", colour.as_str()).done()
            }
            Command::Admit { participant } => Object::of("admit").text("participant", &participant.to_string()).done(),
            Command::OpenRound { title, target, budget, cap, activity } => {
                let mut object = Object::of("open_round");
                object
                    .text("title", title)
                    .text("target", target.as_str())
                    .number("budget", u64::from(*budget))
                    .number("cap", u64::from(*cap));
                if let Some(activity) = activity {
                    object.text("activity", &activity.to_string());
                }
                object.done()
            }
            Command::CloseRound { round } => Object::of("close_round").text("round", &round.to_string()).done(),
            Command::RevealRound { round } => Object::of("reveal_round").text("round", &round.to_string()).done(),
            Command::HideCard { card, reason } => {
                Object::of("hide_card").text("card", card).text("reason", reason).done()
            }
            Command::RestoreCard { card } => Object::of("restore_card").text("card", card).done(),
            Command::SubmitCard { card, text, colour } => {
                Object::of("submit_card").text("card", card).text("text", text).text("colour", colour.as_str()).done()
            }
            Command::WithdrawCard { card } => Object::of("withdraw_card").text("card", card).done(),
            Command::RevealCards => Object::of("reveal_cards").done(),
            Command::EraseMyName => Object::of("erase_my_name").done(),
            Command::NewFacilitatorKey => Object::of("new_facilitator_key").done(),
            Command::ShareReport { on } => Object::of("share_report").flag("on", *on).done(),
            Command::SavePoint { label } => Object::of("save_point").text("label", label).done(),
            Command::GoBack { point, card } => {
                let mut object = Object::of("go_back");
                object.number("point", *point);
                if let Some(card) = card {
                    object.text("card", card);
                }
                object.done()
            }
            Command::Vote { round, item, dots } => Object::of("vote")
                .text("round", &round.to_string())
                .text("item", item)
                .number("dots", u64::from(*dots))
                .done(),
            Command::AddActivity { kind, phase, title, prompt, instructions, minutes } => Object::of("add_activity")
                .text("kind", kind.as_str())
                .text("phase", phase.as_str())
                .text("title", title)
                .text("prompt", prompt)
                .text("instructions", instructions)
                .number("minutes", u64::from(*minutes))
                .done(),
            Command::EditActivity { activity, title, prompt, instructions, minutes } => Object::of("edit_activity")
                .text("activity", &activity.to_string())
                .text("title", title)
                .text("prompt", prompt)
                .text("instructions", instructions)
                .number("minutes", u64::from(*minutes))
                .done(),
            Command::DuplicateActivity { activity } => activity_command("duplicate_activity", activity),
            Command::MoveActivity { activity, phase, index } => Object::of("move_activity")
                .text("activity", &activity.to_string())
                .text("phase", phase.as_str())
                .number("index", u64::from(*index))
                .done(),
            Command::RemoveActivity { activity } => activity_command("remove_activity", activity),
            Command::StartActivity { activity } => activity_command("start_activity", activity),
            Command::FinishActivity { activity } => activity_command("finish_activity", activity),
            Command::SetPoll { activity, options, points, several, live } => Object::of("set_poll")
                .text("activity", &activity.to_string())
                .texts("options", options.iter().map(String::as_str))
                .number("points", u64::from(*points))
                .flag("several", *several)
                .flag("live", *live)
                .done(),
            Command::AnswerPoll { activity, answer } => {
                Object::of("answer_poll").text("activity", &activity.to_string()).numbers("answer", answer).done()
            }
            Command::AnswerText { activity, text } => {
                Object::of("answer_text").text("activity", &activity.to_string()).text("text", text).done()
            }
            Command::ClosePoll { activity } => activity_command("close_poll", activity),
            Command::RevealPoll { activity } => activity_command("reveal_poll", activity),
            Command::OpenActivity { activity, until_ms } => {
                Object::of("open_activity").text("activity", &activity.to_string()).number("until_ms", *until_ms).done()
            }
            Command::AgreeQuestion { activity, question } => {
                let mut object = Object::of("agree_question");
                object.text("activity", &activity.to_string());
                if let Some(question) = question {
                    object.text("question", question);
                }
                object.done()
            }
            Command::CarryForward { round, to, count } => Object::of("carry_forward")
                .text("round", &round.to_string())
                .text("to", &to.to_string())
                .number("count", u64::from(*count))
                .done(),
            Command::AskPanel { activity, text } => {
                Object::of("ask_panel").text("activity", &activity.to_string()).text("text", text).done()
            }
            Command::UpvotePanel { activity, question, up } => Object::of("upvote_panel")
                .text("activity", &activity.to_string())
                .text("question", &question.to_string())
                .flag("up", *up)
                .done(),
            Command::MarkAnswered { activity, question, answered } => Object::of("mark_answered")
                .text("activity", &activity.to_string())
                .text("question", &question.to_string())
                .flag("answered", *answered)
                .done(),
            Command::HidePollItem { activity, what, text, reason } => Object::of("hide_poll_item")
                .text("activity", &activity.to_string())
                .text("what", what.as_str())
                .text("text", text)
                .text("reason", reason)
                .done(),
            Command::ShowPollItem { activity, key } => {
                Object::of("show_poll_item").text("activity", &activity.to_string()).text("key", key).done()
            }
            Command::SetCafe { activity, tables, rounds, round_minutes, remote_together } => Object::of("set_cafe")
                .text("activity", &activity.to_string())
                .objects("tables", tables.iter().map(table_json))
                .number("rounds", u64::from(*rounds))
                .number("round_minutes", u64::from(*round_minutes))
                .flag("remote_together", *remote_together)
                .done(),
            Command::NextCafeRound { activity } => activity_command("next_cafe_round", activity),
            Command::GatherCafeNotes { activity } => activity_command("gather_cafe_notes", activity),
            Command::SetActivityMembers { activity, members } => {
                let members: Vec<String> = members.iter().map(ToString::to_string).collect();
                Object::of("set_activity_members")
                    .text("activity", &activity.to_string())
                    .texts("members", members.iter().map(String::as_str))
                    .done()
            }
            Command::SetActivityOutputs { activity, include } => Object::of("set_activity_outputs")
                .text("activity", &activity.to_string())
                .flag("include", *include)
                .done(),
            Command::SaveMapVersion { activity, label } => {
                Object::of("save_map_version").text("activity", &activity.to_string()).text("label", label).done()
            }
            Command::SetCafeOnline { activity, online } => {
                Object::of("set_cafe_online").text("activity", &activity.to_string()).flag("online", *online).done()
            }
            Command::SeatAtTable { activity, participant, table } => Object::of("seat_at_table")
                .text("activity", &activity.to_string())
                .text("participant", &participant.to_string())
                .number("table", u64::from(*table))
                .done(),
            Command::CarryAnswers { activity, to } => {
                Object::of("carry_answers").text("activity", &activity.to_string()).text("to", &to.to_string()).done()
            }
            Command::SetActivityLocked { activity, locked } => {
                Object::of("set_activity_locked").text("activity", &activity.to_string()).flag("locked", *locked).done()
            }
            Command::SetActivityVisibility { activity, visibility } => Object::of("set_activity_visibility")
                .text("activity", &activity.to_string())
                .text("visibility", visibility.as_str())
                .done(),
        }
    }
}

/// A café table as JSON.
fn table_json(table: &crate::cafe::CafeTable) -> String {
    let mut object = Object { json: String::from("{") };
    object.text("question", &table.question).text("colour", table.colour.as_str());
    if let Some(host) = table.host {
        object.text("host", &host.to_string());
    }
    object.flag("remote", table.remote).done()
}

/// A command that names one activity and nothing else.
fn activity_command(kind: &str, activity: &crate::ids::ActivityId) -> String {
    Object::of(kind).text("activity", &activity.to_string()).done()
}

#[cfg(test)]
mod tests {
    use crate::governance::command_examples;

    /// The server reads with serde: every command written here reads back as itself and
    /// as the same JSON serde writes.
    #[test]
    fn every_command_is_written_as_serde_reads_it() {
        let mut commands = command_examples();
        commands.push(crate::Command::HideCard {
            card: "c1".into(),
            reason: "quote \" slash \\ line\n tab\t bell\u{7} ✓".into(),
        });
        commands.push(crate::Command::GoBack { point: 7, card: Some("c2".into()) });
        for command in commands {
            let written = command.to_json();
            let read: crate::Command = serde_json::from_str(&written).unwrap_or_else(|err| panic!("{written}: {err}"));
            assert_eq!(read, command, "{written}");
            let by_serde = serde_json::to_value(&command).unwrap_or_default();
            assert_eq!(serde_json::from_str::<serde_json::Value>(&written).unwrap_or_default(), by_serde, "{written}");
        }
    }
}
