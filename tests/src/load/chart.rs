//! The benchmark chart: each scenario's p99 (join p99 for the join storm) per server, as
//! grouped bars on a log scale, drawn as SVG with plotters.

use std::path::Path;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::report::{Report, ScenarioRun};

/// Chart size in pixels.
const SIZE: (u32, u32) = (1100, 620);
/// The log axis runs from here (ms) …
const FLOOR_MS: f64 = 0.5;
/// … to at least here.
const CEILING_MS: f64 = 100.0;

/// Each server's colour: blues for Polyphony, the scaled-out pair lighter than the single
/// instance, and the same for Hocuspocus in purples.
fn colour(server: &str) -> RGBColor {
    match server {
        "polyphony" => RGBColor(0x1f, 0x6f, 0xb2),
        "polyphony×2+redis" => RGBColor(0x7f, 0xb3, 0xe0),
        "y-websocket" => RGBColor(0xd9, 0x7a, 0x1c),
        "hocuspocus" => RGBColor(0x7b, 0x4b, 0xa0),
        "hocuspocus×2+redis" => RGBColor(0xc0, 0xa2, 0xd8),
        _ => RGBColor(0x70, 0x70, 0x70),
    }
}

/// Draws the report's scenario runs into an SVG file at `path`.
pub fn draw(report: &Report, path: &Path) -> anyhow::Result<()> {
    let scenarios = distinct(report.runs.iter().map(|run| run.scenario.as_str()));
    let servers = distinct(report.runs.iter().map(|run| run.server.as_str()));
    anyhow::ensure!(!scenarios.is_empty(), "no scenario runs to chart");
    let highest = report.runs.iter().filter_map(ScenarioRun::headline_ms).fold(CEILING_MS, f64::max);

    let root = SVGBackend::new(path, SIZE).into_drawing_area();
    root.fill(&WHITE).map_err(chart_error)?;
    let caption = format!(
        "p99 edit-to-peer latency, join p99 for the join storm (ms, log scale; lower is better) — {}, {} CPUs, server on one core",
        report.date, report.machine.cpus
    );
    let mut chart = ChartBuilder::on(&root)
        .caption(caption, ("sans-serif", 16))
        .margin(16)
        .x_label_area_size(70)
        .y_label_area_size(60)
        .build_cartesian_2d(0f64..scenarios.len() as f64, (FLOOR_MS..highest * 2.0).log_scale())
        .map_err(chart_error)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_desc("ms")
        .y_label_formatter(&|value| format!("{value}"))
        .draw()
        .map_err(chart_error)?;

    let width = 0.8 / servers.len() as f64;
    for (index, server) in servers.iter().enumerate() {
        let colour = colour(server);
        let bars: Vec<(f64, f64, &ScenarioRun)> = report
            .runs
            .iter()
            .filter(|run| run.server == *server)
            .filter_map(|run| {
                let position = scenarios.iter().position(|scenario| *scenario == run.scenario)?;
                let left = position as f64 + 0.1 + index as f64 * width;
                Some((left, run.headline_ms()?.max(FLOOR_MS), run))
            })
            .collect();
        chart
            .draw_series(bars.iter().map(|(left, value, _)| {
                Rectangle::new([(*left, FLOOR_MS), (*left + width * 0.9, *value)], colour.filled())
            }))
            .map_err(chart_error)?
            .label(*server)
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], colour.filled()));
        let value_style = ("sans-serif", 10).into_font().color(&BLACK).pos(Pos::new(HPos::Center, VPos::Bottom));
        chart
            .draw_series(bars.iter().map(|(left, value, run)| {
                Text::new(bar_label(run), (*left + width * 0.45, *value * 1.08), value_style.clone())
            }))
            .map_err(chart_error)?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .draw()
        .map_err(chart_error)?;

    let label_style = ("sans-serif", 12).into_font().color(&BLACK).pos(Pos::new(HPos::Center, VPos::Top));
    for (position, scenario) in scenarios.iter().enumerate() {
        let (x, y) = chart.backend_coord(&(position as f64 + 0.5, FLOOR_MS));
        for (line, text) in scenario.split(", ").enumerate() {
            let at = (x, y + 8 + 15 * line as i32);
            root.draw(&Text::new(text.to_owned(), at, label_style.clone())).map_err(chart_error)?;
        }
    }
    root.present().map_err(chart_error)?;
    Ok(())
}

/// The figure over a bar, with the delivery ratio when not everything arrived.
fn bar_label(run: &ScenarioRun) -> String {
    let value = run.headline_ms().unwrap_or(f64::NAN);
    let figure = if value >= 100.0 { format!("{value:.0}") } else { format!("{value:.1}") };
    if run.delivered_all() { figure } else { format!("{figure} ({:.0}%)", run.delivery_ratio * 100.0) }
}

/// The values in first-seen order, without repeats.
fn distinct<'a>(values: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen: Vec<&str> = Vec::new();
    for value in values {
        if !seen.contains(&value) {
            seen.push(value);
        }
    }
    seen
}

fn chart_error(err: impl std::fmt::Display) -> anyhow::Error {
    anyhow::anyhow!("drawing the chart: {err}")
}
