//! Consistent disclosures, generated: all nine tables (tab-separated, as copied from the
//! sample's Word file), the narrative sentences that quote them, and a 部门整体支出绩效自评表.
//! Every figure printed is derived from a few random amounts, so every identity holds exactly;
//! the figures a checker can tie to others are recorded with their line, for mutation tests.

#![allow(dead_code)]

use rust_decimal::Decimal;
use std::fmt::Write;

/// One 项 (7-digit function code) line of spending.
#[derive(Debug, Clone)]
pub struct Item {
    pub index: usize,
    /// 基本支出 / 项目支出 from 一般公共预算财政拨款, in cents.
    pub basic: i64,
    pub project: i64,
    /// 基本支出 paid from other income (其他收入), in cents.
    pub other: i64,
    /// 年初预算 of the 财政拨款 spending, in cents (> 0).
    pub budget: i64,
}

/// The random choices a disclosure is built from.
#[derive(Debug, Clone)]
pub struct Spec {
    pub items: Vec<Item>,
    /// Shares (in per cent of 基本支出) kept for 工资福利 and 对个人和家庭的补助; the rest is 商品和服务.
    pub wage_share: i64,
    pub family_share: i64,
    /// 三公: budget and actual 公务接待费, and 公务用车运行费, in cents.
    pub reception_budget: i64,
    pub reception_actual: i64,
    pub vehicle_budget: i64,
    pub vehicle_actual: i64,
    /// Last year's 收支总计 in cents.
    pub last_year: i64,
    /// 政府采购 货物 / 工程 / 服务, in cents.
    pub procurement: [i64; 3],
    /// Print amounts without trailing zeros (as many exports do).
    pub trim_zeros: bool,
    /// Print the tables in 元 (with thousands separators); the narrative stays in 万元.
    pub yuan: bool,
    /// List the coded rows in descending code order.
    pub reverse_rows: bool,
}

/// The 项 codes a generated disclosure can use: (类, 类 name, 款, 款 name, 项, 项 name, 01 row).
pub const FUNCTIONS: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "201",
        "一般公共服务支出",
        "20103",
        "政府办公厅（室）及相关机构事务",
        "2010301",
        "行政运行",
    ),
    (
        "201",
        "一般公共服务支出",
        "20103",
        "政府办公厅（室）及相关机构事务",
        "2010302",
        "一般行政管理事务",
    ),
    (
        "201",
        "一般公共服务支出",
        "20199",
        "其他一般公共服务支出",
        "2019999",
        "其他一般公共服务支出",
    ),
    (
        "206",
        "科学技术支出",
        "20699",
        "其他科学技术支出",
        "2069999",
        "其他科学技术支出",
    ),
    (
        "208",
        "社会保障和就业支出",
        "20805",
        "行政事业单位养老支出",
        "2080505",
        "机关事业单位基本养老保险缴费支出",
    ),
    (
        "210",
        "卫生健康支出",
        "21011",
        "行政事业单位医疗",
        "2101101",
        "行政单位医疗",
    ),
    (
        "221",
        "住房保障支出",
        "22102",
        "住房改革支出",
        "2210201",
        "住房公积金",
    ),
];

const CLASSES: &[&str] = &[
    "一般公共服务支出",
    "外交支出",
    "国防支出",
    "公共安全支出",
    "教育支出",
    "科学技术支出",
    "文化旅游体育与传媒支出",
    "社会保障和就业支出",
    "卫生健康支出",
    "节能环保支出",
    "城乡社区支出",
    "农林水支出",
    "交通运输支出",
    "资源勘探工业信息等支出",
    "商业服务业等支出",
    "金融支出",
    "援助其他地区支出",
    "自然资源海洋气象等支出",
    "住房保障支出",
    "粮油物资储备支出",
    "国有资本经营预算支出",
    "灾害防治及应急管理支出",
    "其他支出",
    "债务还本支出",
    "债务付息支出",
    "抗疫特别国债安排的支出",
];

const ORDINALS: &[&str] = &[
    "一",
    "二",
    "三",
    "四",
    "五",
    "六",
    "七",
    "八",
    "九",
    "十",
    "十一",
    "十二",
    "十三",
    "十四",
    "十五",
    "十六",
    "十七",
    "十八",
    "十九",
    "二十",
    "二十一",
    "二十二",
    "二十三",
    "二十四",
    "二十五",
    "二十六",
];

/// The figures of a coded row, given a selector of the items it covers (1 = included).
type Columns<'a> = dyn Fn(&dyn Fn(&Item) -> i64) -> Vec<i64> + 'a;

/// A figure a checker can tie to others: its 1-based line and its text as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkable {
    pub line: u32,
    pub text: String,
    /// True for a table amount printed in 元.
    pub yuan: bool,
    /// Which occurrence of `text` on its line (0 = the first).
    pub occurrence: usize,
    /// Where it is, for messages.
    pub what: String,
}

#[derive(Debug, Clone)]
pub struct Generated {
    pub text: String,
    pub checkable: Vec<Checkable>,
}

struct Out {
    text: String,
    checkable: Vec<Checkable>,
    trim: bool,
    yuan: bool,
}

impl Out {
    fn line(&mut self, s: &str) {
        self.text.push_str(s);
        self.text.push('\n');
    }
    fn line_no(&self) -> u32 {
        self.text.matches('\n').count() as u32 + 1
    }
    /// Format cents as 万元 with two decimals (or trimmed).
    fn amount(&self, cents: i64) -> String {
        let d = Decimal::new(cents, 2);
        if self.trim {
            d.normalize().to_string()
        } else {
            d.to_string()
        }
    }
    /// A table amount: in 元 with two decimals (and separators) when the tables are in 元.
    fn tamount(&self, cents: i64) -> String {
        if self.yuan {
            let d = Decimal::new(cents * 100, 0);
            let int = d.trunc().to_string();
            let mut grouped = String::new();
            for (i, c) in int.chars().enumerate() {
                if i > 0 && (int.len() - i).is_multiple_of(3) {
                    grouped.push(',');
                }
                grouped.push(c);
            }
            format!("{grouped}.00")
        } else {
            self.amount(cents)
        }
    }
    /// A table cell that may be blank when zero.
    fn cell(&self, cents: i64) -> String {
        if cents == 0 {
            String::new()
        } else {
            self.tamount(cents)
        }
    }
    fn mark(&mut self, line: u32, text: &str, what: &str) {
        if !text.is_empty() && text != "0" && text != "0.00" {
            let occurrence = self
                .checkable
                .iter()
                .filter(|c| c.line == line && c.text == text)
                .count();
            let yuan = self.yuan && what.starts_with("公开") && !text.contains('%');
            self.checkable.push(Checkable {
                line,
                yuan,
                text: text.to_string(),
                occurrence,
                what: what.to_string(),
            });
        }
    }
    /// A table row: cells joined by tabs; `marks` = indexes of checkable cells.
    fn row(&mut self, cells: &[String], marks: &[usize], what: &str) {
        let n = self.line_no();
        for &i in marks {
            let c = cells[i].clone();
            self.mark(n, &c, what);
        }
        self.line(&cells.join("\t"));
    }
}

/// Percentage a/b rounded half away from zero to two decimals.
pub fn pct(a: i64, b: i64) -> String {
    if b == 0 {
        return "0".into();
    }
    let r = Decimal::new(a, 0) * Decimal::ONE_HUNDRED / Decimal::new(b, 0);
    r.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        .normalize()
        .to_string()
}

pub fn generate(spec: &Spec) -> Generated {
    let mut o = Out {
        text: String::new(),
        checkable: Vec::new(),
        trim: spec.trim_zeros,
        yuan: spec.yuan,
    };
    let unit_name = "示例市示例区测试事务中心";
    let items = &spec.items;
    let basic: i64 = items.iter().map(|i| i.basic).sum();
    let project: i64 = items.iter().map(|i| i.project).sum();
    let other: i64 = items.iter().map(|i| i.other).sum();
    let fiscal = basic + project;
    let total = fiscal + other;
    let budget_total: i64 = items.iter().map(|i| i.budget).sum();
    // Economic split of 基本支出 (财政拨款 only).
    let wages = basic * spec.wage_share / 100;
    let family = basic * spec.family_share / 100;
    let goods = basic - wages - family;
    let wage_items = [wages / 2, wages / 4, wages - wages / 2 - wages / 4];
    let reception_06 = spec.reception_actual.min(goods);
    let vehicle_06 = spec.vehicle_actual.min(goods - reception_06);
    let goods_items = [goods - reception_06 - vehicle_06, reception_06, vehicle_06];
    let sg_budget = spec.reception_budget + spec.vehicle_budget;
    let sg_actual = spec.reception_actual + spec.vehicle_actual;

    // Classes, 款 and 项 present, in code order.
    let mut present: Vec<&Item> = items.iter().collect();
    present.sort_by_key(|i| FUNCTIONS[i.index].4);
    if spec.reverse_rows {
        present.reverse();
    }
    let class_sum = |class: &str, f: &dyn Fn(&Item) -> i64| -> i64 {
        present
            .iter()
            .filter(|i| FUNCTIONS[i.index].0 == class)
            .map(|i| f(i))
            .sum()
    };
    let kuan_sum = |kuan: &str, f: &dyn Fn(&Item) -> i64| -> i64 {
        present
            .iter()
            .filter(|i| FUNCTIONS[i.index].2 == kuan)
            .map(|i| f(i))
            .sum()
    };

    o.line("示例市示例区测试事务中心2022年度部门决算");
    o.line("");
    o.line("第一部分 单位概况");
    o.line("");
    o.line("一、部门职责");
    o.line("负责本区测试相关事务。");
    o.line("二、机构设置及决算单位构成");
    o.line("本单位内设综合股，决算单位构成为本级。");
    o.line("");
    o.line("第二部分 部门决算表");
    o.line("");

    // 01
    o.line("收入支出决算总表");
    o.line("公开 01 表");
    o.line(if o.yuan {
        "单位：元"
    } else {
        "单位：万元"
    });
    o.line(&format!("部门：{unit_name}"));
    o.line("收入\t\t\t支出\t\t");
    o.line("项 目\t行次\t决算数\t项目\t行次\t决算数");
    o.line("栏次\t\t1\t栏次\t\t2");
    let income_labels = [
        "一、一般公共预算财政拨款收入",
        "二、政府性基金预算财政拨款收入",
        "三、国有资本经营预算财政拨款收入",
        "四、上级补助收入",
        "五、事业收入",
        "六、经营收入",
        "七、附属单位上缴收入",
        "八、其他收入",
    ];
    let income_values = [fiscal, 0, 0, 0, 0, 0, 0, other];
    let class_of_01 = |name: &str| -> i64 {
        FUNCTIONS
            .iter()
            .find(|f| f.1 == name)
            .map(|f| class_sum(f.0, &|i: &Item| i.basic + i.project + i.other))
            .unwrap_or(0)
    };
    for (k, class) in CLASSES.iter().enumerate() {
        let (label, value) = if k < 8 {
            (income_labels[k].to_string(), o.cell(income_values[k]))
        } else {
            (String::new(), String::new())
        };
        let right = o.cell(class_of_01(class));
        o.row(
            &[
                label,
                (k + 1).to_string(),
                value,
                format!("{}、{}", ORDINALS[k], class),
                (k + 32).to_string(),
                right,
            ],
            &[2, 5],
            "公开01表",
        );
    }
    let t = o.tamount(total);
    o.row(
        &[
            "本年收入合计".into(),
            "27".into(),
            t.clone(),
            "本年支出合计".into(),
            "58".into(),
            t.clone(),
        ],
        &[2, 5],
        "公开01表 合计",
    );
    o.line("使用非财政拨款结余\t28\t\t结余分配\t59\t");
    o.line("年初结转和结余\t29\t\t年末结转和结余\t60\t");
    o.row(
        &[
            "总计".into(),
            "31".into(),
            t.clone(),
            "总计".into(),
            "62".into(),
            t.clone(),
        ],
        &[2, 5],
        "公开01表 总计",
    );
    o.line("注：1.本表反映部门本年度的总收支和年末结转结余情况。2.本套报表金额单位转换时可能存在尾数误差。");
    o.line("");

    // 02 and 03 share their rows.
    let coded_rows = |o: &mut Out, cols: &Columns, what: &str| {
        let mut last_class = "";
        let mut last_kuan = "";
        for item in &present {
            let f = FUNCTIONS[item.index];
            if f.0 != last_class {
                last_class = f.0;
                let v = cols(&|i: &Item| if FUNCTIONS[i.index].0 == f.0 { 1 } else { 0 });
                let cells: Vec<String> = [f.0.to_string(), f.1.to_string()]
                    .into_iter()
                    .chain(v.iter().map(|c| o.cell(*c)))
                    .collect();
                let marks: Vec<usize> = (2..cells.len()).collect();
                o.row(&cells, &marks, what);
            }
            if f.2 != last_kuan {
                last_kuan = f.2;
                let v = cols(&|i: &Item| if FUNCTIONS[i.index].2 == f.2 { 1 } else { 0 });
                let cells: Vec<String> = [f.2.to_string(), f.3.to_string()]
                    .into_iter()
                    .chain(v.iter().map(|c| o.cell(*c)))
                    .collect();
                let marks: Vec<usize> = (2..cells.len()).collect();
                o.row(&cells, &marks, what);
            }
            let v = cols(&|i: &Item| if i.index == item.index { 1 } else { 0 });
            let cells: Vec<String> = [f.4.to_string(), f.5.to_string()]
                .into_iter()
                .chain(v.iter().map(|c| o.cell(*c)))
                .collect();
            let marks: Vec<usize> = (2..cells.len()).collect();
            o.row(&cells, &marks, what);
        }
    };
    let sum_where = |sel: &dyn Fn(&Item) -> i64, f: &dyn Fn(&Item) -> i64| -> i64 {
        items.iter().map(|i| sel(i) * f(i)).sum()
    };

    o.line("收入决算表");
    o.line("公开 02 表");
    o.line(if o.yuan {
        "单位：元"
    } else {
        "单位：万元"
    });
    o.line("项目\t\t本年收入合计\t财政拨款收入\t上级补助收入\t事业收入\t经营收入\t附属单位上缴收入\t其他收入");
    o.line("功能分类科目编码\t科目名称\t\t\t\t\t\t\t");
    o.line("栏次\t\t1\t2\t3\t4\t5\t6\t7");
    let cols02 = |sel: &dyn Fn(&Item) -> i64| -> Vec<i64> {
        let fin = sum_where(sel, &|i| i.basic + i.project);
        let oth = sum_where(sel, &|i| i.other);
        vec![fin + oth, fin, 0, 0, 0, 0, oth]
    };
    let v = cols02(&|_| 1);
    let cells: Vec<String> = ["".to_string(), "合计".into()]
        .into_iter()
        .chain(v.iter().map(|c| o.cell(*c)))
        .collect();
    o.row(&cells, &[2, 3, 8], "公开02表 合计");
    coded_rows(&mut o, &cols02, "公开02表");
    o.line("注：本表反映部门本年度取得的各项收入情况。");
    o.line("");

    o.line("支出决算表");
    o.line("公开 03 表");
    o.line(if o.yuan {
        "单位：元"
    } else {
        "单位：万元"
    });
    o.line("项目\t\t本年支出合计\t基本支出\t项目支出\t上缴上级支出\t经营支出\t对附属单位补助支出");
    o.line("功能分类科目编码\t科目名称\t\t\t\t\t\t");
    o.line("栏次\t\t1\t2\t3\t4\t5\t6");
    let cols03 = |sel: &dyn Fn(&Item) -> i64| -> Vec<i64> {
        let b = sum_where(sel, &|i| i.basic + i.other);
        let p = sum_where(sel, &|i| i.project);
        vec![b + p, b, p, 0, 0, 0]
    };
    let v = cols03(&|_| 1);
    let cells: Vec<String> = ["".to_string(), "合计".into()]
        .into_iter()
        .chain(v.iter().map(|c| o.cell(*c)))
        .collect();
    o.row(&cells, &[2, 3, 4], "公开03表 合计");
    coded_rows(&mut o, &cols03, "公开03表");
    o.line("注：本表反映部门本年度各项支出情况。");
    o.line("");

    // 04
    o.line("财政拨款收入支出决算总表");
    o.line("公开 04 表");
    o.line(if o.yuan {
        "单位：元"
    } else {
        "单位：万元"
    });
    o.line("收入\t\t\t支出\t\t\t\t\t");
    o.line("项 目\t行次\t金额\t项 目\t行次\t合计\t一般公共预算财政拨款\t政府性基金预算财政拨款\t国有资本经营预算财政拨款");
    o.line("栏次\t\t1\t栏次\t\t2\t3\t4\t5");
    let income04 = [
        "一、一般公共预算财政拨款",
        "二、政府性基金预算财政拨款",
        "三、国有资本经营预算财政拨款",
    ];
    for (k, class) in CLASSES.iter().enumerate() {
        let (label, value) = if k < 3 {
            (
                income04[k].to_string(),
                o.cell(if k == 0 { fiscal } else { 0 }),
            )
        } else {
            (String::new(), String::new())
        };
        let v = FUNCTIONS
            .iter()
            .find(|f| f.1 == *class)
            .map(|f| class_sum(f.0, &|i: &Item| i.basic + i.project))
            .unwrap_or(0);
        let (c1, c2) = (o.cell(v), o.cell(v));
        o.row(
            &[
                label,
                (k + 1).to_string(),
                value,
                format!("{}、{}", ORDINALS[k], class),
                (k + 33).to_string(),
                c1,
                c2,
                String::new(),
                String::new(),
            ],
            &[2, 5, 6],
            "公开04表",
        );
    }
    let f = o.tamount(fiscal);
    o.row(
        &[
            "本年收入合计".into(),
            "27".into(),
            f.clone(),
            "本年支出合计".into(),
            "59".into(),
            f.clone(),
            f.clone(),
            "".into(),
            "".into(),
        ],
        &[2, 5, 6],
        "公开04表 合计",
    );
    o.line("年初财政拨款结转和结余\t28\t\t年末财政拨款结转和结余\t60\t\t\t\t");
    o.line("一般公共预算财政拨款\t29\t\t\t61\t\t\t\t");
    o.line("政府性基金预算财政拨款\t30\t\t\t62\t\t\t\t");
    o.line("国有资本经营预算财政拨款\t31\t\t\t63\t\t\t\t");
    o.row(
        &[
            "总计".into(),
            "32".into(),
            f.clone(),
            "总计".into(),
            "64".into(),
            f.clone(),
            f.clone(),
            "".into(),
            "".into(),
        ],
        &[2, 5, 6],
        "公开04表 总计",
    );
    o.line("注：本表反映部门本年度一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款的总收支和年末结转结余情况。");
    o.line("");

    // 05
    o.line("一般公共预算财政拨款支出决算表");
    o.line("公开 05 表");
    o.line(if o.yuan {
        "单位：元"
    } else {
        "单位：万元"
    });
    o.line("项目\t\t本年支出\t\t");
    o.line("功能分类科目编码\t科目名称\t小计\t基本支出\t项目支出");
    o.line("栏次\t\t1\t2\t3");
    let cols05 = |sel: &dyn Fn(&Item) -> i64| -> Vec<i64> {
        let b = sum_where(sel, &|i| i.basic);
        let p = sum_where(sel, &|i| i.project);
        vec![b + p, b, p]
    };
    let v = cols05(&|_| 1);
    let cells: Vec<String> = ["".to_string(), "合计".into()]
        .into_iter()
        .chain(v.iter().map(|c| o.cell(*c)))
        .collect();
    o.row(&cells, &[2, 3, 4], "公开05表 合计");
    coded_rows(&mut o, &cols05, "公开05表");
    o.line("注：本表反映部门本年度一般公共预算财政拨款实际支出情况。");
    o.line("");

    // 06: three blocks side by side.
    o.line("一般公共预算财政拨款基本支出决算明细表");
    o.line("公开 06 表");
    o.line(if o.yuan {
        "单位：元"
    } else {
        "单位：万元"
    });
    o.line("经济分类科目编码\t科目名称\t决算数\t经济分类科目编码\t科目名称\t决算数\t经济分类科目编码\t科目名称\t决算数");
    let left: Vec<(&str, &str, i64)> = vec![
        ("301", "工资福利支出", wages),
        ("30101", "基本工资", wage_items[0]),
        ("30102", "津贴补贴", wage_items[1]),
        ("30113", "住房公积金", wage_items[2]),
        ("303", "对个人和家庭的补助", family),
        ("30302", "退休费", family),
    ];
    let mid: Vec<(&str, &str, i64)> = vec![
        ("302", "商品和服务支出", goods),
        ("30201", "办公费", goods_items[0]),
        ("30217", "公务接待费", goods_items[1]),
        ("30231", "公务用车运行维护费", goods_items[2]),
    ];
    let right: Vec<(&str, &str, i64)> =
        vec![("310", "资本性支出", 0), ("31002", "办公设备购置", 0)];
    for r in 0..left.len().max(mid.len()).max(right.len()) {
        let mut cells = Vec::new();
        let mut marks = Vec::new();
        for block in [&left, &mid, &right] {
            match block.get(r) {
                Some((code, name, v)) => {
                    // The items of 301 tie only to 301 and to each other: when one changes,
                    // nothing tells which (the checker reports 301 with its items), so they are
                    // not marked as locatable.
                    //
                    // 30217 and 30231 are also bounded by 公开07表's 决算数: a change is located
                    // only when that bound is tight (else it holds either way and 302's other
                    // items are as suspect).
                    let loose = (*code == "30217" && reception_06 != spec.reception_actual)
                        || (*code == "30231" && vehicle_06 != spec.vehicle_actual);
                    let unlocatable = code.len() == 5 && code.starts_with("301") || loose;
                    if *v != 0 && !unlocatable {
                        marks.push(cells.len() + 2);
                    }
                    cells.push(code.to_string());
                    cells.push(name.to_string());
                    cells.push(o.cell(*v));
                }
                None => cells.extend([String::new(), String::new(), String::new()]),
            }
        }
        o.row(&cells, &marks, "公开06表");
    }
    let (pe, pu) = (o.tamount(wages + family), o.tamount(goods));
    o.row(
        &[
            "人员经费合计".into(),
            "".into(),
            pe,
            "公用经费合计".into(),
            "".into(),
            "".into(),
            "".into(),
            "".into(),
            pu,
        ],
        &[2, 8],
        "公开06表 合计",
    );
    o.line("注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。");
    o.line("");

    // 07
    o.line("一般公共预算财政拨款“三公”经费支出决算表");
    o.line("公开 07 表");
    o.line(if o.yuan {
        "单位：元"
    } else {
        "单位：万元"
    });
    o.line("预算数\t\t\t\t\t\t决算数\t\t\t\t\t");
    o.line("合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费\t合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费");
    o.line(
        "\t\t小计\t公务用车购置费\t公务用车运行费\t\t\t\t小计\t公务用车购置费\t公务用车运行费\t",
    );
    o.line("1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12");
    let sg = [
        sg_budget,
        0,
        spec.vehicle_budget,
        0,
        spec.vehicle_budget,
        spec.reception_budget,
        sg_actual,
        0,
        spec.vehicle_actual,
        0,
        spec.vehicle_actual,
        spec.reception_actual,
    ];
    let cells: Vec<String> = sg.iter().map(|v| o.tamount(*v)).collect();
    let marks: Vec<usize> = (0..12).filter(|&i| sg[i] != 0).collect();
    o.row(&cells, &marks, "公开07表");
    o.line("注：本表反映部门本年度“三公”经费支出预决算情况。");
    o.line("");

    // 08, 09: empty and explained.
    o.line("政府性基金预算财政拨款收入支出决算表");
    o.line("公开 08 表");
    o.line(if o.yuan {
        "单位：元"
    } else {
        "单位：万元"
    });
    o.line("项目\t\t年初结转和结余\t本年收入\t本年支出\t\t\t年末结转和结余");
    o.line("功能分类科目编码\t科目名称\t\t\t小计\t基本支出\t项目支出\t");
    o.line("栏次\t\t1\t2\t3\t4\t5\t6");
    o.line("合计\t\t\t\t\t\t\t");
    o.line("注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况（本单位没有政府性基金收入，也没有使用政府性基金安排的支出，故本表无数据）。");
    o.line("");
    o.line("国有资本经营预算财政拨款支出决算表");
    o.line("公开 09 表");
    o.line(if o.yuan {
        "单位：元"
    } else {
        "单位：万元"
    });
    o.line("项目\t\t本年支出\t\t");
    o.line("功能分类科目编码\t科目名称\t合计\t基本支出\t项目支出");
    o.line("栏次\t\t1\t2\t3");
    o.line("合计\t\t\t\t");
    o.line("注：本表反映部门本年度国有资本经营预算财政拨款支出情况。本单位没有国有资本经营预算财政拨款支出，故本表无数据。");
    o.line("");

    // Narrative.
    o.line("第三部分 2022年度部门决算情况说明");
    o.line("");
    let change = |o: &Out, now: i64, last: i64| -> String {
        if now <= last {
            format!(
                "减少{}万元，下降{}%",
                o.amount(last - now),
                pct(last - now, last)
            )
        } else {
            format!(
                "增加{}万元，增长{}%",
                o.amount(now - last),
                pct(now - last, last)
            )
        }
    };
    o.line("一、收入支出决算总体情况说明");
    let n = o.line_no();
    let t = o.amount(total);
    o.mark(n, &t, "说明 收支总计");
    let s = format!(
        "2022年度收、支总计{}万元。与上年相比，{}，主要原因是业务调整。",
        t,
        change(&o, total, spec.last_year)
    );
    o.line(&s);
    o.line("二、收入决算情况说明");
    let n = o.line_no();
    let (f, ot) = (o.amount(fiscal), o.amount(other));
    o.mark(n, &f, "说明 财政拨款收入");
    let s = format!(
        "2022年度收入合计{}万元，其中：财政拨款收入{}万元，占{}%；上级补助收入0万元，占0%；事业收入0万元，占0%；经营收入0万元，占0%；附属单位上缴收入0万元，占0%；其他收入{}万元，占{}%。",
        o.amount(total), f, pct(fiscal, total), ot, pct(other, total)
    );
    o.line(&s);
    o.line("三、支出决算情况说明");
    let n = o.line_no();
    let (b, p) = (o.amount(basic + other), o.amount(project));
    o.mark(n, &b, "说明 基本支出");
    let s = format!(
        "2022年度支出合计{}万元，其中：基本支出{}万元，占{}%；项目支出{}万元，占{}%；上缴上级支出0万元，占0%；经营支出0万元，占0%；对附属单位补助支出0万元，占0%。",
        o.amount(total), b, pct(basic + other, total), p, pct(project, total)
    );
    o.line(&s);
    o.line("五、一般公共预算财政拨款支出决算情况说明");
    o.line("（一）财政拨款支出决算总体情况");
    let n = o.line_no();
    let f = o.amount(fiscal);
    o.mark(n, &f, "说明 财政拨款支出");
    let s = format!(
        "2022年度财政拨款支出{}万元，占本年支出合计的{}%。",
        f,
        pct(fiscal, total)
    );
    o.line(&s);
    o.line("（三）财政拨款支出决算具体情况");
    let s = format!(
        "2022年度财政拨款支出年初预算数为{}万元，支出决算数为{}万元，完成年初预算的{}%，其中：",
        o.amount(budget_total),
        o.amount(fiscal),
        pct(fiscal, budget_total)
    );
    o.line(&s);
    for (k, item) in present.iter().enumerate() {
        let fun = FUNCTIONS[item.index];
        o.line(&format!(
            "{}、{}（类）{}（款）{}（项）。",
            k + 1,
            fun.1,
            fun.3,
            fun.5
        ));
        let spent = item.basic + item.project;
        let n = o.line_no();
        let r = pct(spent, item.budget);
        // A rate is a checkable figure only when one percentage point is beyond what the
        // rounding of its two inputs (±0.005 万元 = ±0.5 cents each) allows.
        let (s2, b2) = (Decimal::from(2 * spent), Decimal::from(2 * item.budget));
        let widest = (s2 + Decimal::ONE) / (b2 - Decimal::ONE).max(Decimal::ONE) - s2 / b2;
        if widest * Decimal::ONE_HUNDRED < Decimal::new(5, 1) {
            o.mark(n, &r, "说明 完成年初预算的比率");
        }
        let reason = if spent > item.budget {
            "决算数大于年初预算数的主要原因是：追加了专项资金。"
        } else if spent < item.budget {
            "决算数小于年初预算数的主要原因是：厉行节约。"
        } else {
            "决算数等于年初预算数。"
        };
        let s = format!(
            "年初预算为{}万元，支出决算为{}万元，完成年初预算的{}%，{}",
            o.amount(item.budget),
            o.amount(spent),
            r,
            reason
        );
        o.line(&s);
    }
    let _ = kuan_sum;
    o.line("六、一般公共预算财政拨款基本支出决算情况说明");
    let n = o.line_no();
    let (pe, pu) = (o.amount(wages + family), o.amount(goods));
    o.mark(n, &pe, "说明 人员经费");
    o.mark(n, &pu, "说明 公用经费");
    let s = format!(
        "2022年度财政拨款基本支出{}万元，其中：人员经费{}万元，占基本支出的{}%；公用经费{}万元，占基本支出的{}%。",
        o.amount(basic),
        pe,
        pct(wages + family, basic),
        pu,
        pct(goods, basic)
    );
    o.line(&s);
    o.line("七、一般公共预算财政拨款“三公”经费支出决算情况说明");
    let s = format!(
        "2022年度“三公”经费财政拨款支出预算为{}万元，支出决算为{}万元。",
        o.amount(sg_budget),
        o.amount(sg_actual)
    );
    o.line(&s);
    o.line("十、机关运行经费支出说明");
    let s = format!(
        "本部门2022年度机关运行经费支出{}万元，主要用于办公费、公务接待费等。",
        o.amount(goods)
    );
    o.line(&s);
    o.line("十二、政府采购支出说明");
    let [g, w, sv] = spec.procurement;
    let s = format!(
        "2022年度政府采购支出总额{}万元，其中：政府采购货物支出{}万元、政府采购工程支出{}万元、政府采购服务支出{}万元。",
        o.amount(g + w + sv),
        o.amount(g),
        o.amount(w),
        o.amount(sv)
    );
    let n = o.line_no();
    let tot = o.amount(g + w + sv);
    o.mark(n, &tot, "说明 政府采购支出总额");
    o.line(&s);
    o.line("十三、国有资产占用情况说明");
    o.line("截至2022年12月31日，本单位共有车辆0辆。");
    o.line("十四、重点项目预算的绩效评价结果等情况说明");
    o.line("本单位组织对部门整体支出开展了绩效自评。");
    o.line("第四部分 名词解释");
    o.line("一、财政拨款收入：指本年度从本级财政部门取得的财政拨款。");
    o.line("二、其他收入：指单位取得的除上述收入以外的各项收入。");
    o.line("三、基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员经费和公用经费。");
    o.line("四、项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。");
    o.line("五、“三公”经费：指用一般公共预算财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。");
    o.line("六、机关运行经费：指为保障行政单位运行用于购买货物和服务的各项资金。");
    let mut text = o.text;
    let _ = write!(text, "");
    Generated {
        text,
        checkable: o.checkable,
    }
}
