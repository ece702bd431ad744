use super::{at_title, standard_tables};
use crate::declare_rule;
use crate::rules::view::label_key;
use crate::rules::{Context, Sink};

declare_rule! {
    /// 表头的部门（单位）名称与文档的部门不一致（X18）：各表“部门：…”“单位名称：…”一行应是
    /// 本部门（或其所属单位，名称相互包含时视为一致）。常见原因是套用其他部门的表格。
    ///
    /// A table's 部门/单位 line names an organisation other than the disclosure's (names that
    /// contain one another, such as a unit and its department, count as the same).
    pub static DEPARTMENT_MISMATCH = Rule {
        id: "cross.department-mismatch",
        family: Cross,
        severity: Warning,
        summary: "表头部门名称与文档不一致",
        summary_en: "A table names another department",
        run: Some(check),
    };
}

fn check(ctx: &Context, sink: &mut Sink) {
    let Some(unit) = &ctx.doc.unit else { return };
    let u = label_key(unit);
    if u.is_empty() {
        return;
    }
    for table in standard_tables(ctx) {
        let Some(org) = &table.organisation else {
            continue;
        };
        let o = label_key(org);
        if o.is_empty() || o.contains(&u) || u.contains(&o) {
            continue;
        }
        at_title(
            sink,
            table,
            format!("表“{}”的部门为“{org}”，而本文档是“{unit}”的", table.title),
            format!(
                "table “{}” names “{org}”, but the disclosure is “{unit}”'s",
                table.title
            ),
        );
    }
}
