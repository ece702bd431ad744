use super::Topic;
use crate::declare_rule;
use crate::rules::{Context, Identity, Sink};
use crate::text::Has;

declare_rule! {
    /// 政府采购说明中的总额不等于货物、工程、服务三项之和，或授予中小企业的合同金额大于
    /// 采购总额、授予小微企业的金额大于授予中小企业的金额。
    ///
    /// 按尾数误差规则判断；差额在误差以内报为提示。
    ///
    /// Example: “政府采购支出总额13.52万元，其中：货物2.36万元、工程0万元、服务11.16万元” —
    /// 2.36 + 0 + 11.16 = 13.52，一致。
    ///
    /// The procurement total is not the sum of goods, works and services, or the amount
    /// awarded to small and medium enterprises exceeds the total (or 小微 exceeds 中小).
    pub static PROCUREMENT_SUM_MISMATCH = Rule {
        id: "narrative.procurement-sum-mismatch",
        family: Narrative,
        severity: Error,
        summary: "政府采购总额与分项不符",
        summary_en: "Procurement total and parts do not agree",
        run: Some(check),
    };
}

fn check(ctx: &Context, sink: &mut Sink) {
    let n = ctx.narrative();
    let mut i = 0;
    while i < n.figs.len() {
        let f = &n.figs[i];
        let is_total = f.topic == Topic::Procurement
            && f.is_amount()
            && !f.is_change()
            && f.key.has("采购")
            && !["货物", "工程", "服务", "中小", "小微", "授予"]
                .iter()
                .any(|w| f.key.has(w));
        if !is_total {
            i += 1;
            continue;
        }
        // The parts: the amounts that follow in the same section, up to the next total.
        let section = n.section(i);
        let mut parts: [Option<usize>; 3] = [None; 3];
        let mut sme = None;
        let mut small = None;
        let mut k = i + 1;
        while k < n.figs.len() && n.section(k) == section && k < i + 30 {
            let g = &n.figs[k];
            if g.is_amount() && !g.is_change() {
                let key: &str = &g.key;
                if key.has("小微") {
                    small = small.or(Some(k));
                } else if key.has("中小企业") {
                    sme = sme.or(Some(k));
                } else if key.has("授予") {
                } else if key.has("货物") {
                    parts[0] = parts[0].or(Some(k));
                } else if key.has("工程") {
                    parts[1] = parts[1].or(Some(k));
                } else if key.has("服务") {
                    parts[2] = parts[2].or(Some(k));
                } else if key.has("采购") {
                    break;
                }
            }
            k += 1;
        }
        let term = |k: usize| ctx.view.figure_term(n.figs[k].f);
        let mut sum_holds = true;
        if let [Some(g), Some(w), Some(s)] = parts {
            let identity = Identity::equal(
                term(i),
                vec![term(g), term(w), term(s)],
                "货物、工程、服务采购之和",
                "the sum of goods, works and services",
            );
            sum_holds = identity.verdict().holds();
            sink.identity(identity);
        }
        // A holding inequality would vouch for the total in the framework's vote; state it
        // only when the total is not in question.
        if let (Some(m), true) = (sme, sum_holds) {
            sink.identity(Identity::at_most(
                term(m),
                vec![term(i)],
                "政府采购总额",
                "the procurement total",
            ));
            if let Some(s) = small {
                sink.identity(Identity::at_most(
                    term(s),
                    vec![term(m)],
                    "授予中小企业的合同金额",
                    "the amount awarded to SMEs",
                ));
            }
        }
        i = k.max(i + 1);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::findings_of;

    const SAMPLE: &str = include_str!("../../../tests/fixtures/samples/000.txt");

    #[test]
    fn the_sample_procurement_adds_up() {
        assert!(findings_of(SAMPLE, "narrative.procurement-sum-mismatch").is_empty());
    }

    #[test]
    fn a_wrong_total_is_found() {
        let text = SAMPLE.replace("政府采购支出总额13.52万元", "政府采购支出总额15.52万元");
        let f = findings_of(&text, "narrative.procurement-sum-mismatch");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].stated.unwrap().to_string(), "15.52");
    }
}
