use super::sheets;
use crate::declare_rule;
use crate::diagnostic::{CellRef, Finding, Label};
use crate::rules::{Context, Sink};
use rust_decimal::Decimal;

declare_rule! {
    /// 绩效自评表的评价等级与总分所在的分数段不符。
    ///
    /// 通行分档（财预〔2020〕10号及各地模板）：90分（含）以上为优，80（含）～90分为良，
    /// 60（含）～80分为中，60分以下为差。表注另有分档时按表注。
    ///
    /// 例：总分 85，等级写“优”，应为“良”。修正：按分档改正等级或核对总分。
    ///
    /// The grade of a self-evaluation table does not match the band of its total score
    /// (优 ≥ 90, 良 80–90, 中 60–80, 差 < 60, or the bands the table's note states).
    pub static GRADE_MISMATCH = Rule {
        id: "perf.grade-mismatch",
        family: Perf,
        severity: Error,
        summary: "绩效自评等级与总分不符",
        summary_en: "A self-evaluation grade does not match its total score",
        run: Some(check),
    };
}

/// The lower bounds of 优, 良, 中 from the table's notes, else 90/80/60.
fn bands(notes: &str) -> [Decimal; 3] {
    let mut out = [Decimal::from(90), Decimal::from(80), Decimal::from(60)];
    let folded = crate::text::fold_for_match(notes);
    for (i, g) in ["为优", "为良", "为中"].iter().enumerate() {
        let Some(end) = folded.find(g) else { continue };
        let clause_start = folded[..end]
            .char_indices()
            .rfind(|(_, c)| matches!(c, ',' | ';' | '。' | '；' | ':'))
            .map(|(p, c)| p + c.len_utf8())
            .unwrap_or(0);
        let clause = &folded[clause_start..end];
        let digits: String = clause
            .chars()
            .skip_while(|c| !c.is_ascii_digit())
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        if let Ok(v) = digits.parse::<Decimal>() {
            out[i] = v;
        }
    }
    out
}

fn check(ctx: &Context, sink: &mut Sink) {
    for sheet in sheets(ctx) {
        let Some(total) = &sheet.total else { continue };
        let Some((grade, gcell)) = total.grade else {
            continue;
        };
        let Some(score_cell) = total.score_col.and_then(|c| total.row.cell(c)) else {
            continue;
        };
        let Some(score) = score_cell.number.filter(|n| !n.percent).map(|n| n.value) else {
            continue;
        };
        let notes: String = sheet.table.notes.iter().map(|n| n.text.as_str()).collect();
        let b = bands(&notes);
        let expected = if score >= b[0] {
            '优'
        } else if score >= b[1] {
            '良'
        } else if score >= b[2] {
            '中'
        } else {
            '差'
        };
        if expected == grade {
            continue;
        }
        let mut f = Finding::new(
            GRADE_MISMATCH.id,
            GRADE_MISMATCH.severity,
            gcell.location,
            format!(
                "{}总分{}，等级写为“{}”，按分档应为“{}”",
                sheet.name,
                score.normalize(),
                grade,
                expected
            ),
            format!(
                "{}: total score {} is graded “{}” but its band is “{}”",
                sheet.name,
                score.normalize(),
                grade,
                expected
            ),
        );
        f.table = Some(sheet.table.id.clone());
        f.cell = Some(CellRef {
            table: sheet.table.id.clone(),
            row: "总分".into(),
            column: "等级".into(),
        });
        f.stated = Some(score);
        f.related.push(
            Label::new(
                score_cell.location,
                format!("总分 {}", score.normalize()),
                format!("the total score {}", score.normalize()),
            )
            .with_value(score),
        );
        // The lowest score of each band.
        let [excellent, good, fair] = b.map(|v| v.normalize());
        f.set_help(
            format!(
                "分档：{excellent}分（含）以上为优，{good}（含）～{excellent}分为良，{fair}（含）～{good}分为中，{fair}分以下为差。"
            ),
            format!(
                "The bands: {excellent} points and above is 优 (excellent), {good} to under {excellent} is 良 (good), {fair} to under {good} is 中 (fair), under {fair} is 差 (poor)."
            ),
        );
        sink.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::perf::testing::PROJECT;
    use crate::rules::testing::findings_of;

    const ID: &str = "perf.grade-mismatch";

    #[test]
    fn a_matching_grade_passes() {
        assert!(findings_of(PROJECT, ID).is_empty());
    }

    #[test]
    fn a_wrong_grade_is_found() {
        let text = PROJECT.replace("等级：优", "等级：良");
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
    }

    #[test]
    fn bands_are_read_from_the_note() {
        let b = super::bands("2.总分设置为100分，等级划分为：90分（含）—100分为优，80分（含）—90分为良，60分（含）—80分为中，60分以下为差。");
        assert_eq!(b.map(|d| d.to_string()), ["90", "80", "60"]);
    }
}
