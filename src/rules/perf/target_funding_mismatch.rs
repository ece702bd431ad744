use crate::declare_rule;
use crate::model::{Row, Table, TableKind};
use crate::rules::view::label_key_cow;
use crate::rules::{Context, Identity, Sink, Term};
use crate::text::Has;

declare_rule! {
    /// 预算的项目绩效目标表中，资金总额不等于财政拨款与其他资金之和。
    ///
    /// 部门预算随附的项目支出绩效目标表列出项目资金：资金总额（年度资金总额），其中财政
    /// 拨款、其他资金，前者应等于后两者之和。表中资金总额、财政拨款、其他资金各只有一行、
    /// 每行只印一个数字时才核对（同时列实施期与年度资金的表不核对）。
    ///
    /// A budget's project performance-target table (绩效目标表): the funds in total (资金总额)
    /// are not the sum of the fiscal appropriation (财政拨款) and other funds (其他资金).
    /// Checked only when each of the three is one row printing one figure.
    pub static TARGET_FUNDING_MISMATCH = Rule {
        id: "perf.target-funding-mismatch",
        family: Perf,
        severity: Error,
        summary: "绩效目标表资金总额不等于财政拨款与其他资金之和",
        summary_en: "A performance-target table's total funds are not fiscal plus other funds",
        run: Some(check),
    };
}

fn applies(table: &Table) -> bool {
    table.kind == TableKind::Other && table.title.has("绩效目标")
}

fn check(ctx: &Context, sink: &mut Sink) {
    for table in ctx.doc.tables.iter().filter(|t| applies(t)) {
        // Each funding line's rows, with the row's one figure (`None`: not one figure).
        let mut lines: [Vec<Option<Term>>; 3] = Default::default();
        for block in &table.blocks {
            for row in &block.rows {
                let Some(line) = funding_line(row) else {
                    continue;
                };
                let mut figures = row
                    .cells
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.number.is_some_and(|n| !n.percent));
                let one = match (figures.next(), figures.next()) {
                    (Some((col, _)), None) => ctx.view.term(table, block, row, col),
                    _ => None,
                };
                lines[line].push(one);
            }
        }
        let [total, fiscal, other] = lines;
        let ([Some(total)], [Some(fiscal)], [Some(other)]) = (&total[..], &fiscal[..], &other[..])
        else {
            continue;
        };
        if [total, fiscal, other].iter().any(|t| !t.printed) {
            continue;
        }
        sink.identity(Identity::equal_parts(
            total.clone(),
            vec![fiscal.clone(), other.clone()],
        ));
    }
}

/// 0 = 资金总额, 1 = 财政拨款, 2 = 其他资金, by the row's label.
fn funding_line(row: &Row) -> Option<usize> {
    let key = label_key_cow(&row.label);
    // The unit of the heading beside them (`专项资金情况` / `（万元）`) may be read into a
    // row's name when it wraps.
    let key = ["（万元）", "(万元)", "万元", "（元）", "(元)"]
        .iter()
        .find_map(|u| key.strip_suffix(u))
        .unwrap_or(&key);
    if key.has("资金总额") {
        Some(0)
    } else if key == "财政拨款" || key == "其中财政拨款" || key == "当年财政拨款" {
        Some(1)
    } else if key == "其他资金" {
        Some(2)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const ID: &str = "perf.target-funding-mismatch";

    const TABLE: &str = "办公楼物业项目绩效目标表\n项目名称\t办公楼物业\n主管部门\t福州市商务局\t实施单位\t福州市商务局\n资金总额\t25.89\n财政拨款\t25.89\n其他资金\t0.00\n年度目标\t根据《物业服务合同》租用办公楼。\n";

    #[test]
    fn a_consistent_table_passes() {
        assert!(
            findings_of(TABLE, ID).is_empty(),
            "{:#?}",
            findings_of(TABLE, ID)
        );
    }

    #[test]
    fn a_wrong_total_is_found() {
        let text = TABLE.replace("资金总额\t25.89", "资金总额\t26.89");
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].location.line, 4);
        // The heading's unit read into a name (`财政拨款（万元）`, a wrapped `（万元）`).
        let text = text.replace("财政拨款\t", "财政拨款（万元）\t");
        assert_eq!(findings_of(&text, ID).len(), 1);
    }

    #[test]
    fn a_table_with_two_totals_is_left_alone() {
        let text = TABLE.replace(
            "资金总额\t25.89\n",
            "实施期资金总额\t50.00\n年度资金总额\t26.89\n",
        );
        assert!(findings_of(&text, ID).is_empty());
    }
}
