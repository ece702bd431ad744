use crate::declare_rule;
use crate::model::{Block, Row, Table, TableKind};
use crate::rules::identity::About;
use crate::rules::{Context, Identity, Sink};

declare_rule! {
    /// 分类科目的上级行不等于其下级行之和：功能分类的类 = Σ 款、款 = Σ 项（3/5/7 位编码），
    /// 经济分类的类 = Σ 款（3/5 位编码），每个金额栏分别核对。
    ///
    /// 下级行按编码前缀认定（20103 属于 201，2010301 属于 20103）；只有表中列出了下级行的
    /// 上级行才核对。差额在尾数误差以内（每个印出的数字 ±½ 个末位单位）报为提示。当上级行
    /// 与下级行不符时，用全表的其他等式判断哪一个数字错了：例如公开06表 303 对个人和家庭的
    /// 补助印 6.74、其唯一的款 30309 奖励金印 46.7，而“人员经费合计 86.44 = 301 79.70 +
    /// 303 6.74”成立，所以报 46.7 错、应为 6.74。
    ///
    /// A classification row is not the sum of the rows under it: a function class (3-digit
    /// code) must equal the sum of its 款 (5-digit), a 款 the sum of its 项 (7-digit); an
    /// economic class the sum of its 款. Checked in every amount column. Children are found
    /// by code prefix; rows without printed children are not checked.
    pub static SUBTOTAL_MISMATCH = Rule {
        id: "table.subtotal-mismatch",
        family: Table,
        severity: Error,
        summary: "上级科目不等于下级科目之和",
        summary_en: "A classification row is not the sum of its sub-rows",
        run: Some(check),
    };
}

fn check(ctx: &Context, sink: &mut Sink) {
    for table in &ctx.doc.tables {
        if table.kind.standard_number().is_none() && table.kind != TableKind::Other {
            continue;
        }
        for block in &table.blocks {
            check_block(ctx, sink, table, block);
        }
    }
}

/// The rows directly under `parent`: codes extending it, at the shallowest level printed.
pub(crate) fn children<'b>(block: &'b Block, parent: &Row) -> Vec<&'b Row> {
    let Some(code) = &parent.code else {
        return Vec::new();
    };
    let p = code.digits.as_str();
    let under = || {
        block.rows.iter().filter(|r| {
            r.code
                .as_ref()
                .is_some_and(|c| c.digits.len() > p.len() && c.digits.starts_with(p))
        })
    };
    let Some(level) = under()
        .filter_map(|r| r.code.as_ref())
        .map(|c| c.digits.len())
        .min()
    else {
        return Vec::new();
    };
    // A row repeated on a continuation page counts once; the same code with other figures is
    // another row (tables crossing 部门 and 政府 economic codes list a code twice).
    let same = |a: &Row, b: &Row| {
        a.code.as_ref().map(|c| &c.digits) == b.code.as_ref().map(|c| &c.digits)
            && a.label == b.label
            && a.cells.len() == b.cells.len()
            && a.cells.iter().zip(&b.cells).all(|(x, y)| x.raw == y.raw)
    };
    let mut kept: Vec<&Row> = Vec::new();
    for r in under() {
        if r.code.as_ref().is_some_and(|c| c.digits.len() == level)
            && !kept.iter().any(|k| same(k, r))
        {
            kept.push(r);
        }
    }
    kept
}

fn check_block(ctx: &Context, sink: &mut Sink, table: &Table, block: &Block) {
    let columns = ctx.view.amount_columns(block);
    // The codes seen, sorted: a code repeated on a continuation page is checked once.
    let mut done: Vec<&str> = Vec::with_capacity(block.rows.len());
    // No row is under a code of the longest length printed.
    let deepest = block
        .rows
        .iter()
        .filter_map(|r| r.code.as_ref().map(|c| c.digits.len()))
        .max()
        .unwrap_or(0);
    for parent in &block.rows {
        let Some(code) = &parent.code else { continue };
        match done.binary_search(&code.digits.as_str()) {
            Ok(_) => continue,
            Err(i) => done.insert(i, &code.digits),
        }
        if code.digits.len() >= deepest {
            continue;
        }
        let kids = children(block, parent);
        if kids.is_empty() {
            continue;
        }
        for &col in columns.iter() {
            let Some(total) = ctx.view.term(table, block, parent, col) else {
                continue;
            };
            if !total.has_cell()
                || parent
                    .cell(col)
                    .is_some_and(|c| c.number.is_some_and(|n| n.percent))
            {
                continue;
            }
            let mut parts = Vec::with_capacity(kids.len());
            for k in &kids {
                let Some(term) = ctx.view.term(table, block, k, col) else {
                    break;
                };
                parts.push((1, term));
            }
            if parts.len() != kids.len() {
                continue;
            }
            if !total.printed && parts.iter().all(|(_, p)| !p.printed) {
                continue;
            }
            sink.identity(Identity::signed_about(
                total,
                parts,
                About::Counted("其下{n}个下级科目之和", "the sum of its {n} sub-rows"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const TABLE: &str = "公开05表\n一般公共预算财政拨款支出决算表\n单位：万元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n栏次\t\t1\t2\t3\n\t合计\t105.80\t100.41\t5.39\n201\t一般公共服务支出\t102.30\t100.41\t1.89\n20103\t政府办公厅（室）及相关机构事务\t100.41\t100.41\t\n2010301\t行政运行\t100.41\t100.41\t\n20199\t其他一般公共服务支出\t1.89\t\t1.89\n2019999\t其他一般公共服务支出\t1.89\t\t1.89\n206\t科学技术支出\t3.50\t\t3.50\n20699\t其他科学技术支出\t3.50\t\t3.50\n2069999\t其他科学技术支出\t3.50\t\t3.50\n";

    #[test]
    fn a_consistent_hierarchy_passes() {
        assert!(findings_of(TABLE, "table.subtotal-mismatch").is_empty());
    }

    #[test]
    fn a_wrong_class_is_found_at_its_cell() {
        let text = TABLE.replace(
            "201\t一般公共服务支出\t102.30",
            "201\t一般公共服务支出\t112.30",
        );
        let f = findings_of(&text, "table.subtotal-mismatch");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].location.line, 7);
        assert_eq!(f[0].stated.unwrap().to_string(), "112.30");
        assert_eq!(f[0].expected.unwrap().to_string(), "102.30");
    }

    #[test]
    fn rounding_is_info() {
        let text = TABLE.replace(
            "20103\t政府办公厅（室）及相关机构事务\t100.41\t100.41",
            "20103\t政府办公厅（室）及相关机构事务\t100.42\t100.41",
        );
        let f = findings_of(&text, "table.subtotal-mismatch");
        assert!(
            f.iter().all(|f| f.severity == crate::Severity::Info),
            "{f:#?}"
        );
    }
}
