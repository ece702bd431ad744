use crate::declare_rule;
use crate::model::{Block, Row, Table};
use crate::rules::{Context, Identity, Sink, Term};
use crate::text::is_cn_digit;

declare_rule! {
    /// 以序号分层的行，上级行不等于其下级行之和：表中没有科目编码、而用“一、”“（一）”
    /// “1、”“（1）”“①”逐级编号时（如收支预算总表中“一、部门预算”下的“1、财政拨款”
    /// “2、上级补助收入”…，“1、人员经费和公用经费支出”下的“（1）工资福利支出”…），
    /// 每个有下级的行应等于其直接下级之和，每个金额栏分别核对。
    ///
    /// “其中：”引出的行及其编号子行只是其上一行的一部分，不计入任何合计。上级行的范围内
    /// 夹有未编号的行时层次不明，不核对该行；一个栏块中的这类等式多数不成立时（多为读取
    /// 错位）整块不核对。
    ///
    /// A row numbered at one level (一、, （一）, 1、, （1）, ①) is not the sum of the rows
    /// numbered at the next level under it, in a table without classification codes (e.g. 一、
    /// 部门预算 over 1、财政拨款, 2、上级补助收入 …; 1、人员经费和公用经费支出 over （1）工资
    /// 福利支出 …). Rows introduced by 其中 are part of the row above and count in no sum; a
    /// parent whose range holds an unnumbered row is not checked, nor a block where most of
    /// these sums fail (usually a misread layout).
    pub static ORDINAL_SUBTOTAL_MISMATCH = Rule {
        id: "table.ordinal-subtotal-mismatch",
        family: Table,
        severity: Error,
        summary: "编号的上级行不等于其下级行之和",
        summary_en: "A numbered row is not the sum of the numbered rows under it",
        run: Some(check),
    };
}

fn check(ctx: &Context, sink: &mut Sink) {
    for (table, block) in super::uncoded_blocks(ctx.doc) {
        check_block(ctx, sink, table, block);
    }
}

/// The numbering level of a label: 1 一、, 2 （一）, 3 1、/1./1．, 4 （1）, 5 ①; `None` if unnumbered.
pub(crate) fn ordinal_level(label: &str) -> Option<u8> {
    let mut chars = label.chars();
    let first = chars.next()?;
    if is_cn_digit(first) {
        let rest = label.trim_start_matches(is_cn_digit);
        return rest.starts_with('、').then_some(1);
    }
    if first == '（' || first == '(' {
        let inner = &label[first.len_utf8()..];
        let close = |s: &str| s.starts_with('）') || s.starts_with(')');
        let cn = inner.trim_start_matches(is_cn_digit);
        if cn.len() < inner.len() && close(cn) {
            return Some(2);
        }
        let digits = inner.trim_start_matches(|c: char| c.is_ascii_digit());
        if digits.len() < inner.len() && close(digits) {
            return Some(4);
        }
        return None;
    }
    if first.is_ascii_digit() {
        let rest = label.trim_start_matches(|c: char| c.is_ascii_digit());
        return (rest.starts_with('、') || rest.starts_with('.') || rest.starts_with('．'))
            .then_some(3);
    }
    ('①'..='⑳').contains(&first).then_some(5)
}

/// A row's place in the numbering: its level, or a 其中 row (part of the row above), or a
/// total line (本年收入合计, 支出总计 …: the numbered rows above it end there), or unnumbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Level(u8),
    Of,
    Total,
    Unnumbered,
}

/// Each row's place; numbered rows under a 其中 row (其中：（1）…（2）…) are 其中 rows too.
fn places(rows: &[&Row]) -> Vec<Place> {
    let mut out = Vec::with_capacity(rows.len());
    // The level of the row a 其中 group belongs to, while in one.
    let mut of_owner: Option<u8> = None;
    let mut last_level: Option<u8> = None;
    for row in rows {
        let label = row.label.as_str();
        let place = if label.starts_with("其中") {
            of_owner = last_level;
            Place::Of
        } else {
            match ordinal_level(label) {
                Some(level) if of_owner.is_some_and(|owner| level > owner) => Place::Of,
                Some(level) => {
                    of_owner = None;
                    last_level = Some(level);
                    Place::Level(level)
                }
                None => {
                    of_owner = None;
                    if crate::rules::view::is_total_label(label) {
                        Place::Total
                    } else {
                        Place::Unnumbered
                    }
                }
            }
        };
        out.push(place);
    }
    out
}

fn check_block(ctx: &Context, sink: &mut Sink, table: &Table, block: &Block) {
    // Rows printing nothing and naming nothing are layout, not rows.
    let rows: Vec<&Row> = block
        .rows
        .iter()
        .filter(|r| !r.label.is_empty() || r.cells.iter().any(|c| c.number.is_some()))
        .collect();
    let places = places(&rows);
    let mut families: Vec<(usize, Vec<usize>)> = Vec::new();
    for (p, place) in places.iter().enumerate() {
        let Place::Level(level) = *place else {
            continue;
        };
        let mut children = Vec::new();
        let mut child_level: Option<u8> = None;
        let mut clear = true;
        for (c, place) in places.iter().enumerate().skip(p + 1) {
            match *place {
                Place::Of => {}
                Place::Unnumbered => {
                    clear = false;
                    break;
                }
                Place::Level(l) if l <= level => break,
                Place::Total => break,
                Place::Level(l) => match child_level {
                    None => {
                        child_level = Some(l);
                        children.push(c);
                    }
                    Some(cl) if l == cl => children.push(c),
                    Some(cl) if l > cl => {} // a grandchild
                    Some(_) => {
                        // Deeper numbering first, then shallower: not a clear tree.
                        clear = false;
                        break;
                    }
                },
            }
        }
        if clear && !children.is_empty() {
            families.push((p, children));
        }
    }
    if families.is_empty() {
        return;
    }
    let term = |row: &Row, col: usize| ctx.view.term(table, block, row, col);
    let mut identities: Vec<(Term, Vec<Term>)> = Vec::new();
    for &col in ctx.view.amount_columns(block).iter() {
        for (p, children) in &families {
            let Some(total) = term(rows[*p], col) else {
                continue;
            };
            let Some(parts) = children
                .iter()
                .map(|&c| term(rows[c], col))
                .collect::<Option<Vec<Term>>>()
            else {
                continue;
            };
            if !total.printed && parts.iter().all(|t| !t.printed) {
                continue;
            }
            identities.push((total, parts));
        }
    }
    if super::misread(&identities) {
        return;
    }
    for (total, parts) in identities {
        sink.identity(Identity::equal_parts(total, parts));
    }
}

#[cfg(test)]
mod tests {
    use super::ordinal_level;
    use crate::rules::testing::findings_of;

    const ID: &str = "table.ordinal-subtotal-mismatch";

    const TABLE: &str = "部门综合预算支出经济分类表\n单位：元\n项目\t预算数\n一、部门预算\t480.00\n1、人员经费和公用经费支出\t230.00\n（1）工资福利支出\t200.00\n（2）商品和服务支出\t30.00\n其中：办公费\t5.00\n2、专项业务经费支出\t250.00\n（1）商品和服务支出\t240.00\n（2）资本性支出\t10.00\n";

    #[test]
    fn a_total_line_ends_the_numbered_rows() {
        let table = "部门综合预算收支总表\n单位：元\n项目\t预算数\n一、部门预算\t480.00\n1、财政拨款\t400.00\n2、事业收入\t70.00\n本年收入合计\t480.00\n上年结转\t0.00\n收入总计\t480.00\n";
        let f = findings_of(table, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].location.line, 4);
        assert!(findings_of(&table.replace("\t70.00", "\t80.00"), ID).is_empty());
    }

    #[test]
    fn levels() {
        assert_eq!(ordinal_level("一、部门预算"), Some(1));
        assert_eq!(ordinal_level("十二、其他"), Some(1));
        assert_eq!(ordinal_level("（一）收入"), Some(2));
        assert_eq!(ordinal_level("1、财政拨款"), Some(3));
        assert_eq!(ordinal_level("12.其他"), Some(3));
        assert_eq!(ordinal_level("(1)一般公共预算拨款"), Some(4));
        assert_eq!(ordinal_level("（10）其他支出"), Some(4));
        assert_eq!(ordinal_level("①项目"), Some(5));
        assert_eq!(ordinal_level("合计"), None);
        assert_eq!(ordinal_level("一般公共服务支出"), None);
        assert_eq!(ordinal_level("2022年"), None);
    }

    #[test]
    fn a_consistent_table_passes() {
        assert!(findings_of(TABLE, ID).is_empty());
    }

    #[test]
    fn a_changed_child_is_found_on_its_line() {
        // 200 → 210 breaks 1、 = （1）+（2） but not 一、 = 1、 + 2、: the row is reported with
        // its parent among the related figures (one broken sum cannot say which is wrong; the
        // parent holds in the other sum, so the child is the likelier culprit).
        let text = TABLE.replace("工资福利支出\t200.00", "工资福利支出\t210.00");
        let f = findings_of(&text, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!([5, 6].contains(&f[0].location.line), "{:?}", f[0].location);
    }

    #[test]
    fn a_changed_middle_row_breaks_two_sums_and_is_found() {
        let text = TABLE.replace("专项业务经费支出\t250.00", "专项业务经费支出\t260.00");
        let f = findings_of(&text, ID);
        assert!(!f.is_empty());
        assert!(f.iter().all(|f| f.location.line == 9), "{f:#?}");
    }

    #[test]
    fn of_rows_count_in_no_sum_and_unnumbered_rows_stop_a_parent() {
        // 其中：办公费 5.00 is inside （2）; an unnumbered row under 2、 leaves 2、 unchecked.
        let text = TABLE.replace("（2）资本性支出\t10.00", "资本性支出\t99.00");
        assert!(findings_of(&text, ID).is_empty());
    }
}
