"""The life of an application as a state machine, with who may move it where.

Station staff take an application from draft to sent; the county moves it through review
to a decision and a certificate; SYSTEM is the sync import and scheduled jobs,
which mirror on one side what a person did on the other.
"""

from __future__ import annotations

from enum import StrEnum

from app.errors import IllegalTransition
from app.i18n import Term


class State(StrEnum):
    DRAFT = "draft"
    RECEIVED = "received"
    AWAITING_MATERIALS = "awaiting_materials"
    STATION_ACCEPTED = "station_accepted"
    RETURNED = "returned"
    BATCHED = "batched"
    SENT = "sent"
    COUNTY_RECEIVED = "county_received"
    UNDER_REVIEW = "under_review"
    EXAM_REQUIRED = "exam_required"
    APPROVED = "approved"
    PARTLY_APPROVED = "partly_approved"
    REJECTED = "rejected"
    APPEALED = "appealed"  # 申请复核: the rejected applicant asked the committee again
    CERTIFICATE_ISSUED = "certificate_issued"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


class Role(StrEnum):
    CLERK = "clerk"
    STATION_HEAD = "station_head"
    COUNTY_REVIEWER = "county_reviewer"
    COUNTY_ADMIN = "county_admin"
    ADMIN = "admin"
    SYSTEM = "system"  # never a user's role: the sync import and scheduled jobs


USER_ROLES = (Role.CLERK, Role.STATION_HEAD, Role.COUNTY_REVIEWER, Role.COUNTY_ADMIN, Role.ADMIN)
STATION_ROLES = frozenset({Role.CLERK, Role.STATION_HEAD})
COUNTY_ROLES = frozenset({Role.COUNTY_REVIEWER, Role.COUNTY_ADMIN})

_S = State
_STATION = STATION_ROLES
_HEAD = frozenset({Role.STATION_HEAD})
_COUNTY = COUNTY_ROLES
_SYS = frozenset({Role.SYSTEM})

# (from, to) → roles that may make the move.
_STATION_MOVES: dict[tuple[State, State], frozenset[Role]] = {
    (_S.DRAFT, _S.RECEIVED): _STATION,
    (_S.DRAFT, _S.WITHDRAWN): _STATION,
    (_S.RECEIVED, _S.AWAITING_MATERIALS): _STATION,
    (_S.RECEIVED, _S.STATION_ACCEPTED): _HEAD,  # the preliminary examination
    (_S.RECEIVED, _S.RETURNED): _HEAD,
    (_S.RECEIVED, _S.WITHDRAWN): _STATION,
    (_S.AWAITING_MATERIALS, _S.RECEIVED): _STATION,
    (_S.AWAITING_MATERIALS, _S.RETURNED): _HEAD,
    (_S.AWAITING_MATERIALS, _S.WITHDRAWN): _STATION,
    (_S.RETURNED, _S.RECEIVED): _STATION,  # resubmitted with what was missing
    (_S.RETURNED, _S.WITHDRAWN): _STATION,
    (_S.STATION_ACCEPTED, _S.BATCHED): _STATION,
    (_S.STATION_ACCEPTED, _S.WITHDRAWN): _HEAD,
    (_S.BATCHED, _S.STATION_ACCEPTED): _HEAD,  # taken out of a batch not yet sent
    (_S.BATCHED, _S.SENT): _STATION | _SYS,
    # The rejected applicant's appeal, within the catalogue's days (app/appeals/):
    # of a rejected file, or of the rejected disease of a partly approved one, whose
    # certificate for the others stands meanwhile.
    (_S.REJECTED, _S.APPEALED): _STATION,
    (_S.CERTIFICATE_ISSUED, _S.APPEALED): _STATION,
}

_DECISIONS = (
    _S.APPROVED,
    _S.PARTLY_APPROVED,
    _S.REJECTED,
    _S.EXAM_REQUIRED,
    _S.AWAITING_MATERIALS,
)  # the last: the committee asks for a supplement

# Where the county may still withdraw a file: received, in review, waiting for an
# examination or for the supplement the committee asked for.
_COUNTY_WITHDRAWABLE = (
    _S.COUNTY_RECEIVED,
    _S.UNDER_REVIEW,
    _S.EXAM_REQUIRED,
    _S.AWAITING_MATERIALS,
    _S.APPEALED,
)

_COUNTY_MOVES: dict[tuple[State, State], frozenset[Role]] = {
    (_S.SENT, _S.COUNTY_RECEIVED): _COUNTY | _SYS,
    (_S.COUNTY_RECEIVED, _S.UNDER_REVIEW): _COUNTY,
    **{(_S.UNDER_REVIEW, outcome): _COUNTY for outcome in _DECISIONS},
    **{(_S.COUNTY_RECEIVED, outcome): _COUNTY for outcome in _DECISIONS},
    (_S.EXAM_REQUIRED, _S.UNDER_REVIEW): _COUNTY,
    # A station's appeal reaches the county (the import), and the committee decides it
    # again like any waiting case.
    (_S.REJECTED, _S.APPEALED): _SYS,
    (_S.CERTIFICATE_ISSUED, _S.APPEALED): _SYS,
    **{(_S.APPEALED, outcome): _COUNTY for outcome in _DECISIONS},
    # The station sent the supplement the committee asked for: a new round.
    (_S.AWAITING_MATERIALS, _S.COUNTY_RECEIVED): _SYS,
    (_S.APPROVED, _S.CERTIFICATE_ISSUED): _COUNTY | _SYS,
    (_S.PARTLY_APPROVED, _S.CERTIFICATE_ISSUED): _COUNTY | _SYS,
    (_S.CERTIFICATE_ISSUED, _S.EXPIRED): _SYS,
    # An objection upheld during the public notice sets a held certificate aside
    # and the case goes back to the committee (app/review/notice.py).
    (_S.CERTIFICATE_ISSUED, _S.UNDER_REVIEW): _COUNTY,
    (_S.APPROVED, _S.EXPIRED): _SYS,
    (_S.PARTLY_APPROVED, _S.EXPIRED): _SYS,
    # A file the county finds to duplicate another station's (app/review/duplicates.py),
    # withdrawn before the committee decides it; a decided one keeps its decision.
    **{(src, _S.WITHDRAWN): _COUNTY for src in _COUNTY_WITHDRAWABLE},
}

# A station learns the county's steps from a package, where several may have
# happened in between: SYSTEM may jump from any county-side state to any later one.
_COUNTY_STATES = (_S.SENT, _S.COUNTY_RECEIVED, _S.UNDER_REVIEW, _S.EXAM_REQUIRED)
_MIRROR_TARGETS = (_S.COUNTY_RECEIVED, _S.UNDER_REVIEW, *_DECISIONS, _S.CERTIFICATE_ISSUED)
_MIRROR_MOVES = {
    (src, dst): _SYS for src in _COUNTY_STATES for dst in _MIRROR_TARGETS if src != dst
}
# The committee's answer to an appeal, and its later steps. Not back to received: an
# appealed file is not received again (the county's receipt of an amendment would
# otherwise take it out of the appeal).
_MIRROR_MOVES.update(
    {(_S.APPEALED, dst): _SYS for dst in _MIRROR_TARGETS if dst != _S.COUNTY_RECEIVED}
)
# The county's withdrawal of a duplicate, from wherever the station last saw the file.
_MIRROR_MOVES.update(
    {(src, _S.WITHDRAWN): _SYS for src in (*_COUNTY_STATES, _S.AWAITING_MATERIALS, _S.APPEALED)}
)

TRANSITIONS: dict[tuple[State, State], frozenset[Role]] = {}
for table in (_MIRROR_MOVES, _COUNTY_MOVES, _STATION_MOVES):
    for move, roles in table.items():
        TRANSITIONS[move] = TRANSITIONS.get(move, frozenset()) | roles

# States in which an application holds its diseases: no second application for
# the same person and disease may be opened meanwhile (seed rule).
CLOSED_STATES = frozenset({_S.RETURNED, _S.REJECTED, _S.EXPIRED, _S.WITHDRAWN})
# States in which the station may still edit the application (a change after sending makes
# a new version the county sees as an amendment).
STATION_EDITABLE = frozenset({_S.DRAFT, _S.RECEIVED, _S.AWAITING_MATERIALS, _S.RETURNED})


def state_term(state: State | str) -> Term:
    return Term(f"state.{State(state).value}")


def check_transition(current: State, target: State, role: Role) -> None:
    """Refuse an illegal move with a reason naming the states and the role."""
    roles = TRANSITIONS.get((current, target))
    if roles is None:
        raise IllegalTransition(
            "workflow.no_such_move", current=state_term(current), target=state_term(target)
        )
    if role not in roles:
        raise IllegalTransition(
            "workflow.role_may_not",
            role=Term(f"role.{role.value}"),
            current=state_term(current),
            target=state_term(target),
        )


def allowed_targets(current: State, role: Role) -> list[State]:
    """The moves `role` can make from `current`, for buttons and menus."""
    return [dst for (src, dst), roles in TRANSITIONS.items() if src == current and role in roles]
