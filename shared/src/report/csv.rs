//! An activity's cards (or questions, or a café's insights) as CSV for a spreadsheet: one
//! row each with its group, the perspective of whoever wrote it (never a name) and, once a
//! round on it was revealed, its dots by perspective. Rows come as the report lists them.

use super::Item;

/// The items as CSV.
pub fn items(items: &[Item]) -> String {
    let mut csv = crate::csv::row([
        "text",
        "group",
        "perspective",
        "agreed",
        "dots from citizens",
        "dots from professionals",
        "dots from others",
        "dots",
    ]);
    for item in items {
        let dots = item.dots.map(|dots| {
            let total: u32 = dots.iter().sum();
            [dots[0], dots[1], dots[2], total].map(|count| count.to_string())
        });
        let [citizens, professionals, others, total] = dots.unwrap_or_default();
        let perspective = item.perspective.map(|perspective| perspective.as_str()).unwrap_or_default();
        csv.push_str(&crate::csv::row([
            item.text.as_str(),
            item.group.as_deref().unwrap_or_default(),
            perspective,
            if item.marked { "yes" } else { "" },
            &citizens,
            &professionals,
            &others,
            &total,
        ]));
    }
    csv
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Perspective;

    #[test]
    fn cards_export_with_their_group_perspective_and_dots_and_no_name() {
        let cards = [
            Item {
                text: "=A lift rota".into(),
                perspective: Some(Perspective::Citizen),
                group: Some("Lifts, neighbours".into()),
                dots: Some([2, 1, 0]),
                marked: false,
                agreement: None,
            },
            Item {
                text: "How might we?".into(),
                perspective: None,
                group: None,
                dots: None,
                marked: true,
                agreement: None,
            },
        ];
        let csv = items(&cards);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "text,group,perspective,agreed,dots from citizens,dots from professionals,dots from others,dots"
        );
        assert_eq!(lines[1], "'=A lift rota,\"Lifts, neighbours\",citizen,,2,1,0,3");
        assert_eq!(lines[2], "How might we?,,,yes,,,,");
    }
}
