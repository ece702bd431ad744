//! The only place where text becomes a number.
//!
//! Accepts what real disclosures print: `105.8`, `102.30`, `1,234.56`, full-width `１２３．４`,
//! `12.3%` / `１２．３％`, a leading minus (`-`, `－`, `−`), and a lone dash (`-`, `—`, `–`, `－`)
//! meaning zero. Thousands separators must group by three; anything else (`1,2`, `(12)`, `1.2.3`)
//! is not a number.

use rust_decimal::Decimal;
use serde::Serialize;

/// A number read from the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Number {
    /// The value as printed (a percentage keeps its printed value: `12.3%` is 12.3).
    #[serde(with = "rust_decimal::serde::str")]
    pub value: Decimal,
    /// Decimal places printed (`102.30` → 2, `117` → 0).
    pub decimals: u32,
    /// Printed with a `%` sign.
    pub percent: bool,
    /// A dash standing for zero.
    pub dash: bool,
    /// Printed with thousands separators.
    pub grouped: bool,
}

/// Map a full-width digit or number punctuation to its ASCII form; other chars unchanged.
pub fn fold_char(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
        '．' => '.',
        '，' => ',',
        '％' => '%',
        '－' | '−' => '-',
        '＋' => '+',
        _ => c,
    }
}

/// True for a character that may appear in a number token (before folding).
pub fn is_number_char(c: char) -> bool {
    matches!(fold_char(c), '0'..='9' | '.' | ',' | '%' | '-' | '+')
}

fn is_dash(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| matches!(c, '-' | '—' | '–' | '－' | '―' | '─'))
        && s.chars().count() <= 3
}

/// Parse one number token. Surrounding whitespace is ignored; blank gives `None`.
pub fn parse_number(raw: &str) -> Option<Number> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    if is_dash(s) {
        return Some(Number {
            value: Decimal::ZERO,
            decimals: 0,
            percent: false,
            dash: true,
            grouped: false,
        });
    }
    // Every character must fold to a digit, a separator or a sign (most labels stop at their
    // first character here).
    if !s.chars().all(is_number_char) {
        return None;
    }
    if s.is_ascii() {
        // Nothing to fold.
        parse_folded(s)
    } else {
        let folded: String = s.chars().map(fold_char).collect();
        parse_folded(&folded)
    }
}

/// Parse a trimmed, folded token that is not a dash.
fn parse_folded(folded: &str) -> Option<Number> {
    let mut body = folded;
    let mut negative = false;
    if let Some(rest) = body.strip_prefix('-') {
        negative = true;
        body = rest;
    } else if let Some(rest) = body.strip_prefix('+') {
        body = rest;
    }
    let mut percent = false;
    if let Some(rest) = body.strip_suffix('%') {
        percent = true;
        body = rest;
    }
    let (int_part, frac_part) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if int_part.is_empty() {
        return None;
    }
    let grouped = int_part.contains(',');
    let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let int_digits = if grouped {
        let mut groups = int_part.split(',');
        let first = groups.next()?;
        if first.is_empty() || first.len() > 3 || !all_digits(first) {
            return None;
        }
        let mut n = first.len();
        for g in groups {
            if g.len() != 3 || !all_digits(g) {
                return None;
            }
            n += 3;
        }
        n
    } else {
        if !all_digits(int_part) {
            return None;
        }
        int_part.len()
    };
    let frac = frac_part.unwrap_or("");
    if frac_part.is_some() && (frac.is_empty() || !all_digits(frac)) {
        return None;
    }
    // Decimal holds 28 significant digits; refuse what cannot be represented.
    if int_digits + frac.len() > 27 || frac.len() > 20 {
        return None;
    }
    // At most 27 digits: the mantissa fits in 96 bits.
    let mantissa = int_part
        .bytes()
        .chain(frac.bytes())
        .filter(u8::is_ascii_digit)
        .fold(0i128, |m, b| m * 10 + i128::from(b - b'0'));
    let mut value = Decimal::try_from_i128_with_scale(mantissa, frac.len() as u32).ok()?;
    if negative {
        value = -value;
    }
    Some(Number {
        value,
        decimals: frac.len() as u32,
        percent,
        dash: false,
        grouped,
    })
}

/// True if the token reads as a number (an amount or percentage), not a dash.
pub fn is_numeric_token(raw: &str) -> bool {
    matches!(parse_number(raw), Some(n) if !n.dash)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn reads_the_formats_disclosures_print() {
        let n = parse_number("1,234.56").unwrap();
        assert_eq!(n.value, dec("1234.56"));
        assert_eq!(n.decimals, 2);
        assert!(n.grouped);
        assert_eq!(parse_number("１２３．４").unwrap().value, dec("123.4"));
        let p = parse_number("12.3%").unwrap();
        assert!(p.percent);
        assert_eq!(p.value, dec("12.3"));
        assert_eq!(parse_number("９５．０６％").unwrap().value, dec("95.06"));
        assert_eq!(parse_number("-12.34").unwrap().value, dec("-12.34"));
        assert_eq!(parse_number("102.30").unwrap().decimals, 2);
        assert_eq!(
            parse_number("480544221.62").unwrap().value,
            dec("480544221.62")
        );
    }

    #[test]
    fn dash_is_zero_and_blank_is_none() {
        let d = parse_number("—").unwrap();
        assert!(d.dash);
        assert_eq!(d.value, Decimal::ZERO);
        assert!(parse_number("-").unwrap().dash);
        assert!(parse_number("  ").is_none());
    }

    #[test]
    fn refuses_what_is_not_a_number() {
        for s in [
            "1,2", "(12)", "1.2.3", "abc", "12.", ".5", "1,2345", "%", "万元", "--5",
        ] {
            assert!(parse_number(s).is_none(), "{s}");
        }
        assert!(parse_number("99999999999999999999999999999999").is_none());
    }
}
