from app.comments.rules import may_comment, mentioned_emails
from app.domain.permissions import Role


def test_mentions_are_email_addresses_after_an_at_sign() -> None:
    body = "Tack @Lars@Example.se och @sara@example.se. Mejla info@example.se, @lars@example.se."
    assert mentioned_emails(body) == ["lars@example.se", "sara@example.se"]
    assert mentioned_emails("ingen nämnd @ här") == []


def test_who_writes() -> None:
    assert may_comment(Role.SUPPORT, is_member=False)
    assert may_comment(Role.ADMIN, is_member=False)
    assert may_comment(Role.LEADERSHIP, is_member=True)
    assert not may_comment(Role.LEADERSHIP, is_member=False)
    assert not may_comment(Role.FUNDER, is_member=False)
