//! Table-driven tests of the pure state rules; whole histories are tested in `tests/cli`.

use super::*;
use crate::model::{CooperationStatus as Coop, ReviewVerdict as Verdict};

#[test]
fn review_standing_decides_the_state_before_landing() {
    let cases = [
        (ReviewStanding::Missing, State::Submitted),
        (ReviewStanding::Current(Verdict::ChangesRequested), State::ChangesRequested),
        (ReviewStanding::Current(Verdict::Approved), State::Approved),
        (ReviewStanding::Stale, State::Resubmitted),
    ];
    for (standing, expected) in cases {
        assert_eq!(review_state(standing), expected, "{standing:?}");
    }
}

#[test]
fn app_state_follows_cooperation_then_rollouts() {
    let cases = [
        (None, false, false, State::Requested),
        (Some(Coop::InProgress), false, false, State::Cooperating),
        (Some(Coop::Completed), false, false, State::Development),
        (Some(Coop::Completed), false, true, State::InReview),
        (Some(Coop::Completed), true, false, State::Live),
        (Some(Coop::Completed), true, true, State::Updating),
        (Some(Coop::Declined), false, true, State::Declined),
        (Some(Coop::Declined), true, false, State::Declined),
    ];
    for (cooperation, live, open, expected) in cases {
        assert_eq!(app_state(cooperation, live, open), expected, "{cooperation:?} {live} {open}");
    }
}

#[test]
fn partner_state_follows_verification() {
    assert_eq!(partner_state(None), State::PendingVerification);
    assert_eq!(partner_state(Some(VerificationDecision::Verified)), State::Verified);
    assert_eq!(partner_state(Some(VerificationDecision::Rejected)), State::Rejected);
}

#[test]
fn item_ids_parse_and_nest() {
    let cases = [
        ("acme", Some("acme")),
        ("acme/shop", Some("acme/shop")),
        ("acme/shop/rollouts/2.1.0", Some("acme/shop/rollouts/2.1.0")),
        ("acme/shop/2.1.0", Some("acme/shop/rollouts/2.1.0")),
        ("Acme", None),
        ("acme/shop/rollouts/../x", None),
        ("", None),
    ];
    for (text, expected) in cases {
        assert_eq!(ItemId::parse(text).map(|id| id.to_string()).as_deref(), expected, "{text}");
    }
    let rollout = ItemId::parse("acme/shop/2.1.0").expect("valid id");
    assert!(rollout.is_within(&ItemId::Partner("acme".into())));
    assert!(!rollout.is_within(&ItemId::Partner("acm".into())));
}

#[test]
fn state_names_are_kebab_case_and_match_serde() {
    for state in [State::PendingVerification, State::InReview, State::ChangesRequested] {
        let json = serde_json::to_value(state).expect("a state serializes");
        assert_eq!(json, serde_json::Value::String(state.as_str().to_owned()));
    }
    assert!(State::Approved.is_open_rollout());
    assert!(!State::Live.is_open_rollout());
    assert!(!State::Cancelled.is_open_rollout());
}

#[test]
fn offsets_parse_with_a_default() {
    assert_eq!(parse_offset("+07:00").whole_hours(), 7);
    assert_eq!(parse_offset("-03:30").whole_minutes(), -210);
    assert_eq!(parse_offset("Asia/Saigon").whole_hours(), 7);
}
