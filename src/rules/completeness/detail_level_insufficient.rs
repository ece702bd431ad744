use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::model::TableKind;
use crate::rules::view::table_name;
use crate::rules::{Context, Sink};

declare_rule! {
    /// 公开表的细化程度不够：一般公共预算财政拨款支出表（05表）按功能分类只列到类或款，没有
    /// 列到项（7 位编码）；基本支出表（06表）按经济分类只列到类，没有列到款（5 位编码）。
    ///
    /// 《地方预决算公开操作规程》（财预〔2016〕143号）要求一般公共预算支出按功能分类公开到项级，
    /// 基本支出按经济分类公开到款级。只检查印有科目编码的表。
    ///
    /// 修正：按项级（功能分类）和款级（经济分类）列示明细。
    ///
    /// A table is not detailed enough: table 05 lists function classes without any 项 (7-digit)
    /// row, or table 06 lists economic classes without any 款 (5-digit) row. The disclosure
    /// rules require 项 level for 05 and 款 level for 06. Only tables printing codes are checked.
    pub static DETAIL_LEVEL_INSUFFICIENT = Rule {
        id: "completeness.detail-level-insufficient",
        family: Completeness,
        severity: Warning,
        summary: "公开表未细化到规定级次",
        summary_en: "A table is not detailed to the required level",
        run: Some(check),
    };
}

fn check(ctx: &Context, sink: &mut Sink) {
    for (kind, need, level, level_en) in [
        (
            TableKind::GeneralBudgetExpenditure,
            7,
            "项级（7位编码）",
            "项 level (7-digit codes)",
        ),
        (
            TableKind::GeneralBudgetBasicExpenditure,
            5,
            "款级（5位编码）",
            "款 level (5-digit codes)",
        ),
    ] {
        let Some(table) = ctx.view.standard(kind) else {
            continue;
        };
        let lens: Vec<usize> = table
            .rows()
            .filter(|r| !r.is_empty())
            .filter_map(|r| r.code.as_ref().map(|c| c.digits.len()))
            .collect();
        if lens.is_empty() || lens.iter().any(|&l| l >= need) {
            continue;
        }
        let name = table_name(table, ctx.doc.kind);
        sink.push(
            Finding::new(
                DETAIL_LEVEL_INSUFFICIENT.id,
                DETAIL_LEVEL_INSUFFICIENT.severity,
                table.title_location,
                format!("{name}没有细化到{level}"),
                format!("table {} is not detailed to the {level_en}", table.id),
            )
            .in_table(table.id.clone())
            .with_help(
                format!("按{level}列示明细科目。"),
                format!("List the items down to the {level_en}."),
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const ID: &str = "completeness.detail-level-insufficient";

    const T05: &str = "公开05表\n一般公共预算财政拨款支出决算表\n单位：万元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n\t合计\t3.50\t\t3.50\n206\t科学技术支出\t3.50\t\t3.50\n20699\t其他科学技术支出\t3.50\t\t3.50\n2069999\t其他科学技术支出\t3.50\t\t3.50\n";

    #[test]
    fn item_level_detail_passes() {
        assert!(findings_of(T05, ID).is_empty());
    }

    #[test]
    fn class_level_only_is_found() {
        let t = T05.replace("2069999\t其他科学技术支出\t3.50\t\t3.50\n", "");
        let f = findings_of(&t, ID);
        assert_eq!(f.len(), 1, "{f:#?}");
    }
}
