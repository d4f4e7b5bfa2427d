from __future__ import annotations

from app.db.database import Database
from app.intake.dashboard import load_dashboard
from app.intake.listing import ApplicationList
from app.training.demo import DemoGenerator
from tests.conftest import TODAY


def test_every_figure_equals_the_list_it_opens(db: Database) -> None:
    DemoGenerator(db, today=TODAY, seed=8).run(600, chunk=300)
    data = load_dashboard(db, TODAY)
    listing = ApplicationList(db)
    figures = [
        data.awaiting_materials,
        data.accepted_not_batched,
        data.decisions_received,
        data.certificates_to_hand_out,
        data.expiring_soon,
        *data.by_state.values(),
        *data.by_disease.values(),
    ]
    assert all(figure.value == listing.count(figure.filter) for figure in figures)
    assert sum(f.value for f in data.by_state.values()) > 0
    assert data.expiring_soon.value > 0 and data.awaiting_materials.value > 0


def test_quarter_and_days_to_cutoff(db: Database) -> None:
    data = load_dashboard(db, TODAY)  # 2026-11-22
    assert str(data.quarter) == "2026-10-01" and str(data.cutoff) == "2026-12-15"
    assert data.days_to_cutoff == 23 and data.by_state == {}
