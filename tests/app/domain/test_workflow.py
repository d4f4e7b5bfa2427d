from __future__ import annotations

import pytest

from app.domain.workflow import TRANSITIONS, Role, State, allowed_targets, check_transition
from app.errors import IllegalTransition


def test_every_state_of_the_domain_exists_and_is_reachable() -> None:
    reachable = {State.DRAFT} | {dst for (_src, dst) in TRANSITIONS}
    assert reachable == set(State)


def test_clerk_receives_but_cannot_accept() -> None:
    check_transition(State.DRAFT, State.RECEIVED, Role.CLERK)
    with pytest.raises(IllegalTransition, match="clerk role may not"):
        check_transition(State.RECEIVED, State.STATION_ACCEPTED, Role.CLERK)
    check_transition(State.RECEIVED, State.STATION_ACCEPTED, Role.STATION_HEAD)


def test_impossible_move_names_both_states() -> None:
    with pytest.raises(IllegalTransition, match="from draft to approved"):
        check_transition(State.DRAFT, State.APPROVED, Role.COUNTY_ADMIN)


def test_station_cannot_decide_and_county_cannot_receive_at_the_counter() -> None:
    with pytest.raises(IllegalTransition):
        check_transition(State.UNDER_REVIEW, State.APPROVED, Role.STATION_HEAD)
    with pytest.raises(IllegalTransition):
        check_transition(State.DRAFT, State.RECEIVED, Role.COUNTY_REVIEWER)
    check_transition(State.UNDER_REVIEW, State.PARTLY_APPROVED, Role.COUNTY_REVIEWER)


def test_admin_role_makes_no_workflow_moves() -> None:
    assert all(Role.ADMIN not in roles for roles in TRANSITIONS.values())


def test_sync_may_collapse_county_steps_on_the_station() -> None:
    assert State.CERTIFICATE_ISSUED in allowed_targets(State.SENT, Role.SYSTEM)
    # A rejection is the committee's: the import moves it only on the station's appeal.
    assert allowed_targets(State.REJECTED, Role.SYSTEM) == [State.APPEALED]


def test_terminal_states_have_no_way_out() -> None:
    for state in (State.EXPIRED, State.WITHDRAWN):
        assert not [src for (src, _dst) in TRANSITIONS if src == state]


def test_the_only_way_out_of_a_rejection_is_the_appeal_back_to_the_committee() -> None:
    assert {dst for (src, dst) in TRANSITIONS if src == State.REJECTED} == {State.APPEALED}
    check_transition(State.REJECTED, State.APPEALED, Role.CLERK)
    with pytest.raises(IllegalTransition):
        check_transition(State.REJECTED, State.APPEALED, Role.COUNTY_REVIEWER)
    assert State.APPROVED in allowed_targets(State.APPEALED, Role.COUNTY_REVIEWER)
    assert allowed_targets(State.APPEALED, Role.CLERK) == []
    # An amendment received while appealed does not take it out of the appeal.
    assert State.COUNTY_RECEIVED not in allowed_targets(State.APPEALED, Role.SYSTEM)
    assert State.WITHDRAWN in allowed_targets(State.APPEALED, Role.COUNTY_REVIEWER)


def test_refusal_reads_in_chinese_with_translated_states_and_role() -> None:
    from app import i18n

    with pytest.raises(IllegalTransition) as caught:
        check_transition(State.RECEIVED, State.STATION_ACCEPTED, Role.CLERK)
    i18n.set_language("zh_CN")
    assert str(caught.value) == "经办员角色无权将申请从“已受理”变为“初审通过”"
