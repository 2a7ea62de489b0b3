"""Issued credentials: renewed in time whatever their lifetime, turned into records and back."""

import datetime

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._auth import issued
from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.issued import IssuedToken, TemporaryKeys

T0 = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC)


def keys(lifetime, issued=T0):
    return TemporaryKeys("AK", "SK", "ST", issued + datetime.timedelta(seconds=lifetime), issued)


def at(seconds):
    return T0 + datetime.timedelta(seconds=seconds)


@pytest.mark.parametrize("lifetime, still_good, renewed", [
    (6 * 3600, 6 * 3600 - 40 * 60 - 1, 6 * 3600 - 40 * 60),  # as the SDK: under 40 minutes left
    (4, 1.9, 2.0),  # the emulator's 4 s keys: after half their life
    (900, 449, 450),  # IAM's shortest: half of 15 minutes is less than 40
])
def test_keys_are_renewed_with_40_minutes_or_half_their_life_left(lifetime, still_good, renewed):
    assert not keys(lifetime).needs_renewal(at(still_good))
    assert keys(lifetime).needs_renewal(at(renewed))


def test_tokens_keep_their_five_minute_margin():
    token = IssuedToken("t", "p", at(24 * 3600), T0)
    assert not token.needs_renewal(at(24 * 3600 - 301)) and token.needs_renewal(at(24 * 3600 - 300))


def test_without_an_expiry_nothing_is_renewed_and_a_past_one_always_is():
    assert not IssuedToken("t", "p", None).needs_renewal()
    assert TemporaryKeys("AK", "SK", "ST", at(-10), T0).needs_renewal(at(0))


def test_records_round_trip_and_fingerprints_tell_credentials_apart():
    for credential in (IssuedToken("t", "p", at(60), T0), keys(60)):
        again = issued.from_record(credential.as_record())
        assert type(again) is type(credential)
        assert (again.expires_at, again.issued_at, again.fingerprint()) == (
            credential.expires_at, credential.issued_at, credential.fingerprint())
    assert keys(60).fingerprint() != TemporaryKeys("AK2", "SK", "ST", at(60)).fingerprint()
    assert "SK" not in keys(60).fingerprint() and "SK" not in repr(keys(60))


@pytest.mark.parametrize("record", [{}, {"kind": "keys"}, {"kind": "other"}, {"kind": "token", "expires_at": 5j}])
def test_a_record_that_holds_no_credential_is_a_value_error(record):
    with pytest.raises(ValueError):
        issued.from_record(record)


def test_credential_answer_reads_iam_and_metadata_answers():
    answer = {"credential": {"access": "AK", "secret": "SK", "securitytoken": "ST",
                             "expires_at": "2026-12-01T16:00:00.000000Z"}}
    read = issued.credential_answer(answer, "IAM")
    assert (read.access_key, read.secret_key, read.security_token, read.expires_at) == ("AK", "SK", "ST", at(6 * 3600))


@pytest.mark.parametrize("answer, message", [
    ({}, "IAM: no credential object"),
    ({"credential": {"access": "AK", "secret": "secret-value"}}, "IAM: the credential has no securitytoken"),
    ({"credential": {"access": "AK", "secret": "secret-value", "securitytoken": "ST", "expires_at": "soon"}},
     "expires_at 'soon' is not a time"),
])
def test_credential_answer_says_what_is_missing_and_never_a_secret(answer, message):
    with pytest.raises(ValueError, match=message) as error:
        issued.credential_answer(answer, "IAM")
    assert "secret-value" not in str(error.value)
