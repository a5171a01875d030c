//! Vietnamese tax codes (mã số thuế): 10 digits or 10 digits, `-` and a branch suffix,
//! with the check digit of `DOMAIN.md`. Wording the findings is left to `values`.

/// Weights of the first nine tax-code digits in the check-digit sum.
const TAX_CODE_WEIGHTS: [u32; 9] = [31, 29, 23, 19, 17, 13, 7, 5, 3];

/// Says why a string is not a Vietnamese tax code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaxCodeProblem {
    /// Not 10 digits, optionally followed by `-` and 3 digits.
    Shape,
    /// The branch suffix is `000`.
    BranchSuffix,
    /// Digits 3 to 9 are all zero.
    ZeroSequence,
    /// The tenth digit is not the check digit; `expected` is `None` when no digit fits.
    CheckDigit {
        /// The digit the first nine call for.
        expected: Option<u32>,
    },
}

/// Checks a Vietnamese tax code (mã số thuế), ignoring spaces and dots.
pub fn tax_code_problem(input: &str) -> Option<TaxCodeProblem> {
    let compact: String = input.chars().filter(|c| *c != ' ' && *c != '.').collect();
    let (main, suffix) = match compact.split_once('-') {
        Some((main, suffix)) => (main, Some(suffix)),
        None => (compact.as_str(), None),
    };
    let all_digits =
        |text: &str, len: usize| text.len() == len && text.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(main, 10) || suffix.is_some_and(|suffix| !all_digits(suffix, 3)) {
        return Some(TaxCodeProblem::Shape);
    }
    if suffix == Some("000") {
        return Some(TaxCodeProblem::BranchSuffix);
    }

    let digits: Vec<u32> = main.bytes().map(|b| u32::from(b - b'0')).collect();
    if digits[2..9].iter().all(|digit| *digit == 0) {
        return Some(TaxCodeProblem::ZeroSequence);
    }
    let sum: u32 = digits.iter().zip(TAX_CODE_WEIGHTS).map(|(digit, weight)| digit * weight).sum();
    let expected = match sum % 11 {
        0 => None,
        remainder => Some((10 - remainder) % 10),
    };
    (expected != Some(digits[9])).then_some(TaxCodeProblem::CheckDigit { expected })
}

/// Normalises a valid tax code: spaces and dots dropped, as `0314409058-002`.
pub fn normalize_tax_code(input: &str) -> Option<String> {
    is_vn_tax_code(input).then(|| input.chars().filter(|c| *c != ' ' && *c != '.').collect())
}

/// Says whether a string is a valid Vietnamese tax code.
pub fn is_vn_tax_code(input: &str) -> bool {
    tax_code_problem(input).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_tax_codes() {
        let cases = [
            ("0100233488", None),
            ("0314409058-002", None),
            ("0100002120", None),
            ("0100 233 488", None),
            ("0100.233.488", None),
            ("0100233480", Some(TaxCodeProblem::CheckDigit { expected: Some(8) })),
            ("0314409058-000", Some(TaxCodeProblem::BranchSuffix)),
            ("0314409058-02", Some(TaxCodeProblem::Shape)),
            ("031440905", Some(TaxCodeProblem::Shape)),
            ("03144090580", Some(TaxCodeProblem::Shape)),
            ("01002334a8", Some(TaxCodeProblem::Shape)),
            ("", Some(TaxCodeProblem::Shape)),
            ("0314409058-002-001", Some(TaxCodeProblem::Shape)),
            ("0100000000", Some(TaxCodeProblem::ZeroSequence)),
            // 0,1,0,0,0,0,0,1,1: 29 + 5 + 3 = 37, r 4, check 6.
            ("0100000116", None),
            ("0100000117", Some(TaxCodeProblem::CheckDigit { expected: Some(6) })),
            // 0,1,0,0,0,0,0,0,7: 29 + 21 = 50, r 6, check 4.
            ("0100000074", None),
            // 1,0,0,0,0,0,0,0,7: 31 + 21 = 52, r 8, check 2.
            ("1000000072", None),
            // 0,1,0,0,0,0,0,3,4: 29 + 15 + 12 = 56 = 5·11 + 1, r 1, check 9.
            ("0100000349", None),
        ];
        for (input, expected) in cases {
            assert_eq!(tax_code_problem(input), expected, "{input:?}");
            assert_eq!(is_vn_tax_code(input), expected.is_none(), "{input:?}");
        }
    }

    #[test]
    fn tax_code_with_remainder_zero_never_validates() {
        // Some nine digits sum to a multiple of 11; no tenth digit may then validate.
        let first_nine = (0u32..1000)
            .map(|n| format!("0100000{n:03}"))
            .map(|code| code[..9].to_owned())
            .find(|nine| {
                let sum: u32 =
                    nine.bytes().zip(TAX_CODE_WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
                sum.is_multiple_of(11) && nine[2..].bytes().any(|b| b != b'0')
            })
            .expect("some nine-digit prefix sums to a multiple of 11");
        for check in 0..10 {
            let code = format!("{first_nine}{check}");
            assert_eq!(
                tax_code_problem(&code),
                Some(TaxCodeProblem::CheckDigit { expected: None }),
                "{code}"
            );
        }
    }

    #[test]
    fn normalizes_tax_codes() {
        assert_eq!(normalize_tax_code("0314 409.058-002").as_deref(), Some("0314409058-002"));
        assert_eq!(normalize_tax_code("0100233480"), None);
    }
}
