use super::summary::class_of_key;
use crate::declare_rule;
use crate::model::{Block, Row, Table};
use crate::rules::codes::{function_levels, name_key_cow};
use crate::rules::{Context, Identity, Sink, Term};

declare_rule! {
    /// 不印编码、只印科目名称的功能分类行，类不等于其下各款之和、款不等于其下各项之和：
    /// 不少收支预算总表、财政拨款收支预算总表在支出一侧依次列出类、款、项名称而不印编码
    /// （如“公共安全支出 / 司法 / 行政运行 / … / 监狱 / 行政运行 / …”），每个金额栏分别核对。
    ///
    /// 层次按名称认定：类按功能分类的类名；款、项按科目名称表（只列为款或只列为项的名称）；
    /// 既可作款又可作项的名称（如“其他一般公共服务支出”）和表中没有的名称，紧随类的是款，
    /// 与上一款同名、或计入后上一款的已列各项之和仍不超过该款的是项，否则是新的一款。印有序号
    /// 的行由 table.ordinal-subtotal-mismatch 核对；一个栏块中这类等式多数不成立时（多为
    /// 读取错位）整块不核对。
    ///
    /// Function classification rows printed by name only (no codes), as many budget summary
    /// tables list them: a 类 is not the sum of its 款, or a 款 not the sum of its 项. Levels come
    /// from the names (class names; names listed only as 款 or only as 项); a name listed at
    /// both levels, or not listed, is a 款 right after a 类, a 项 when it repeats the 款 above
    /// it or when it still fits in that 款 with the 项 listed so far, else a new 款.
    pub static NAMED_SUBTOTAL_MISMATCH = Rule {
        id: "table.named-subtotal-mismatch",
        family: Table,
        severity: Error,
        summary: "未印编码的类、款不等于其下级之和",
        summary_en: "A classification row printed without code is not the sum of its sub-rows",
        run: Some(check),
    };
}

fn check(ctx: &Context, sink: &mut Sink) {
    for (table, block) in super::uncoded_blocks(ctx.doc) {
        check_block(ctx, sink, table, block);
    }
}

/// A 类 with its 款, each 款 with its 项 (rows of the block).
pub(crate) struct Class<'b> {
    /// The class it names (see [`class_of_key`]).
    pub stem: &'static str,
    pub row: &'b Row,
    pub kuan: Vec<(&'b Row, Vec<&'b Row>)>,
}

/// True for a label printed with an ordinal (一、 1、 （一） …): numbered lists are the
/// ordinal rule's.
fn numbered(label: &str) -> bool {
    super::ordinal_subtotal_mismatch::ordinal_level(label).is_some()
}

/// The classes of a block with their 款 and 项, read by name (see the rule's doc); `main` is the
/// column whose figures decide the levels of ambiguous names.
pub(crate) fn read<'b>(
    ctx: &Context,
    table: &Table,
    block: &'b Block,
    main: usize,
) -> Option<Vec<Class<'b>>> {
    // A row's figure in the main column with its rounding half-unit.
    let figure = |row: &Row| {
        ctx.view
            .term(table, block, row, main)
            .map(|t| (t.value, t.half))
            .unwrap_or_default()
    };
    let keys = ctx.view.row_keys(block);
    if !keys.iter().any(|k| class_of_key(k).is_some()) {
        return None;
    }
    let mut classes: Vec<Class<'b>> = Vec::new();
    // Whether the rows since the last class still belong to it.
    let mut open = false;
    for (row, row_key) in block.rows.iter().zip(keys.iter()) {
        if row.label.is_empty() {
            continue;
        }
        if let Some(stem) = class_of_key(row_key) {
            if numbered(&row.label) {
                return None;
            }
            classes.push(Class {
                stem,
                row,
                kuan: Vec::new(),
            });
            open = true;
            continue;
        }
        let key = name_key_cow(&row.label);
        let levels = function_levels(&key);
        if !open || ends_classes(&key) {
            open = false;
            continue;
        }
        if numbered(&row.label) || key.starts_with("其中") {
            return None;
        }
        let class = classes.last_mut()?;
        let is_xiang = match (levels & 2 != 0, levels & 4 != 0) {
            (true, false) => false,
            (false, true) => true,
            // Either level, or not listed: a 项 when it repeats the 款 or still fits in it.
            _ => match class.kuan.last() {
                None => false,
                Some((kuan, xiang)) => {
                    let repeats = xiang.is_empty() && name_key_cow(&kuan.label) == key;
                    let (whole, half) = figure(kuan);
                    let (mut listed, mut slack) = figure(row);
                    for r in xiang {
                        let (v, h) = figure(r);
                        listed += v;
                        slack += h;
                    }
                    repeats || listed <= whole + half + slack
                }
            },
        };
        if is_xiang {
            class.kuan.last_mut()?.1.push(row);
        } else {
            class.kuan.push((row, Vec::new()));
        }
    }
    Some(classes)
}

/// True for the lines of a summary table's expenditure side that end the list of classes
/// (totals, balances, 基本支出/项目支出).
fn ends_classes(key: &str) -> bool {
    key.ends_with("合计")
        || key.ends_with("总计")
        || ["结转", "结余", "基本支出", "项目支出"]
            .iter()
            .any(|w| key.contains(w))
}

fn check_block(ctx: &Context, sink: &mut Sink, table: &Table, block: &Block) {
    let columns = ctx.view.amount_columns(block);
    let Some(&main) = columns.first() else {
        return;
    };
    let Some(classes) = read(ctx, table, block, main) else {
        return;
    };
    if !classes.iter().any(|c| !c.kuan.is_empty()) {
        return;
    }
    let term = |row: &Row, col: usize| ctx.view.term(table, block, row, col);
    let family = |parent: &Row, children: &[&Row], col: usize| -> Option<(Term, Vec<Term>)> {
        let total = term(parent, col)?;
        let parts: Vec<Term> = children
            .iter()
            .map(|r| term(r, col))
            .collect::<Option<_>>()?;
        (total.printed || parts.iter().any(|t| t.printed)).then_some((total, parts))
    };
    // Each sum with the level of its parts ("款" under a class, "项" under a 款).
    let mut sums: Vec<(Term, Vec<Term>)> = Vec::new();
    let mut levels: Vec<&str> = Vec::new();
    for &col in columns.iter() {
        for class in &classes {
            if class.kuan.is_empty() {
                continue;
            }
            let kuan: Vec<&Row> = class.kuan.iter().map(|(k, _)| *k).collect();
            if let Some(sum) = family(class.row, &kuan, col) {
                sums.push(sum);
                levels.push("款");
            }
            for (k, xiang) in &class.kuan {
                if let Some(sum) = family(k, xiang, col).filter(|_| !xiang.is_empty()) {
                    sums.push(sum);
                    levels.push("项");
                }
            }
        }
    }
    if super::misread(&sums) {
        return;
    }
    for ((total, parts), level) in sums.into_iter().zip(levels) {
        let n = parts.len();
        sink.identity(Identity::equal(
            total,
            parts,
            format!("其下{n}个{level}之和"),
            format!(
                "the sum of its {n} {}",
                if level == "款" {
                    "款 (items)"
                } else {
                    "项 (sub-items)"
                }
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const ID: &str = "table.named-subtotal-mismatch";

    /// The expenditure side of a budget summary table, names without codes.
    const TABLE: &str = "表1：2026年市级部门收支预算总表\n单位：万元\n项目\t预算数\n一般公共服务支出\t12,868.19\n社会工作事务\t0.19\n其他社会工作事务支出\t0.19\n其他一般公共服务支出\t12,868.00\n其他一般公共服务支出\t12,868.00\n公共安全支出\t12,268.39\n司法\t12,251.39\n行政运行\t8,553.80\n一般行政管理事务\t214.07\n其他司法支出\t3,483.52\n监狱\t17.00\n行政运行\t17.00\n本年支出合计\t25,136.58\n";

    #[test]
    fn a_consistent_table_passes() {
        assert!(
            findings_of(TABLE, ID).is_empty(),
            "{:#?}",
            findings_of(TABLE, ID)
        );
    }

    #[test]
    fn a_changed_item_is_found_near_its_line() {
        let text = TABLE.replace("一般行政管理事务\t214.07", "一般行政管理事务\t215.07");
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        // 司法 = Σ its 项 breaks; 公共安全支出 = 司法 + 监狱 holds, so 司法 is not the culprit
        // alone: the sum is reported with the changed row among its addends.
        assert!(f[0].related.iter().any(|l| l.location.line == 12) || f[0].location.line == 12);
    }

    #[test]
    fn a_changed_kuan_breaks_both_of_its_sums_and_is_found() {
        let text = TABLE.replace("司法\t12,251.39", "司法\t12,261.39");
        let f = findings_of(&text, ID);
        assert!(!f.is_empty());
        assert!(f.iter().all(|f| f.location.line == 10), "{f:#?}");
    }
}
