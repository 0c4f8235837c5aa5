"""RateLimit-* headers on every /graphql answer, and Retry-After on a 429 (docs/partners.md)."""

from tests.security.helpers import issue, post

VIEWER = "{ viewer { username } }"


def test_answers_carry_the_remaining_allowance_and_a_429_says_when_to_retry(staff_user, settings):
    settings.KSERP_RATE_LIMITS = {**settings.KSERP_RATE_LIMITS, "graphql": "2/60"}
    token = issue(staff_user)
    first, second, refused = (post(VIEWER, token=token) for _ in range(3))
    assert [r.status_code for r in (first, second, refused)] == [200, 200, 429]
    assert (first["RateLimit-Limit"], first["RateLimit-Remaining"], first["RateLimit-Policy"]) == ("2", "1", "2;w=60")
    assert second["RateLimit-Remaining"] == "0"
    assert refused["RateLimit-Remaining"] == "0"
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["RateLimit-Reset"] == refused["Retry-After"]
