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
    let s = crate::text::trim(raw);
    if s.is_empty() {
        return None;
    }
    if s.is_ascii() {
        // Nothing to fold; a dash is one to three `-` (more is not a number), and
        // `parse_folded` refuses every character that is not a digit, a separator or a sign.
        if s.len() <= 3 && s.bytes().all(|b| b == b'-') {
            return Some(DASH);
        }
        return parse_folded(s);
    }
    if is_dash(s) {
        return Some(DASH);
    }
    // Every character must fold to a digit, a separator or a sign (most labels stop at their
    // first character here).
    if !s.chars().all(is_number_char) {
        return None;
    }
    let folded: String = s.chars().map(fold_char).collect();
    parse_folded(&folded)
}

/// A dash standing for zero.
const DASH: Number = Number {
    value: Decimal::ZERO,
    decimals: 0,
    percent: false,
    dash: true,
    grouped: false,
};

/// Parse a trimmed, folded token that is not a dash: an optional sign, digits (grouped by
/// three with `,`, or not at all), optionally `.` and at least one digit, optionally `%`.
/// One pass over the bytes.
fn parse_folded(folded: &str) -> Option<Number> {
    let mut body = folded.as_bytes();
    let mut negative = false;
    if let [b'-', rest @ ..] = body {
        negative = true;
        body = rest;
    } else if let [b'+', rest @ ..] = body {
        body = rest;
    }
    let mut percent = false;
    if let [rest @ .., b'%'] = body {
        percent = true;
        body = rest;
    }
    // The mantissa of every digit read; it is only used when there are at most 27 digits
    // (which fit in 96 bits), so wrapping past that does not matter.
    let mut mantissa: u128 = 0;
    let mut digit = |b: u8| mantissa = mantissa.wrapping_mul(10).wrapping_add(u128::from(b - b'0'));
    // Integer part: digits, with `,` between groups (the first of one to three digits, the
    // others of three).
    let mut int_digits = 0usize;
    let mut group = 0usize;
    let mut grouped = false;
    let mut i = 0;
    while i < body.len() {
        match body[i] {
            b @ b'0'..=b'9' => {
                digit(b);
                int_digits += 1;
                group += 1;
            }
            b',' => {
                let ok = if grouped {
                    group == 3
                } else {
                    (1..=3).contains(&group)
                };
                if !ok {
                    return None;
                }
                grouped = true;
                group = 0;
            }
            b'.' => break,
            _ => return None,
        }
        i += 1;
    }
    if i == 0 || grouped && group != 3 {
        return None;
    }
    // Fraction: `.` then at least one digit.
    let mut frac_len = 0usize;
    if i < body.len() {
        let frac = &body[i + 1..];
        if frac.is_empty() {
            return None;
        }
        for &b in frac {
            if !b.is_ascii_digit() {
                return None;
            }
            digit(b);
        }
        frac_len = frac.len();
    }
    // Decimal holds 28 significant digits; refuse what cannot be represented.
    if int_digits + frac_len > 27 || frac_len > 20 {
        return None;
    }
    // At most 27 digits: the mantissa fits in 96 bits.
    let mut value = Decimal::from_parts(
        mantissa as u32,
        (mantissa >> 32) as u32,
        (mantissa >> 64) as u32,
        false,
        frac_len as u32,
    );
    if negative {
        value = -value;
    }
    Some(Number {
        value,
        decimals: frac_len as u32,
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
