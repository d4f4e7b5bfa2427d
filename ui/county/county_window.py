"""The county center's window: the same frame as the station's (ui/frame.py), with
the county's pages. It opens on a county installation, on SQLite or PostgreSQL.

The pages come one slice at a time (see the county-center issue); each one listed
here works.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.intake.listing import ApplicationFilter
from app.intake.status import StationStatus
from app.security.actor import Actor
from app.services import Services
from ui.county.case_dialog import CaseDesk
from ui.county.cases_page import CasesPage
from ui.county.dashboard_page import CountyDashboardPage
from ui.county.meeting_page import MeetingPage
from ui.county.national_page import NationalPage
from ui.county.notice_page import NoticePage
from ui.county.packages_page import PackagesPage
from ui.county.register_page import RegisterPage
from ui.county.reports_page import ReportsPage
from ui.county.stations_page import StationsPage
from ui.frame import PageSpec, WindowFrame
from ui.pages.settings_page import OfficeBox
from ui.widgets.training_bar import TrainingBar


class CountyWindow(WindowFrame):
    def __init__(self, services: Services, actor: Actor, training: bool = False) -> None:
        super().__init__(services, actor, training)
        desk = CaseDesk(
            services.applications,
            services.documents,
            services.duplicates,
            services.catalogue,
            services.listing,
            actor,
        )
        self.cases_page = CasesPage(services.listing, services.catalogue, desk, self.changes)
        self.stations_page = StationsPage(services.stations, actor, self.changes)
        self.meeting_page = MeetingPage(
            services.meetings,
            desk,
            lambda: services.exchange.keys().signing,
            services.printouts.office,
            services.paths.work,
            self.changes,
        )
        self.notice_page = NoticePage(
            services.notices,
            actor,
            services.printouts.office,
            services.paths.work,
            self.changes,
        )
        self.register_page = RegisterPage(
            services.register, actor, lambda: services.exchange.keys().signing, self.changes
        )
        contact = self.tr(
            "The phone is printed on the public list, where objections are to be made; "
            "while it is empty the list leaves a space to write it in by hand."
        )
        self.settings_page.add_section(
            OfficeBox(
                services.printouts,
                actor,
                title=self.tr("Contact printed on the public list"),
                note=contact,
            )
        )
        self.reports_page = ReportsPage(services.reports, services.printouts.office, self.changes)
        self.packages_page = PackagesPage(services.exchange, actor, self.changes)
        self.national_page = NationalPage(
            services.national, services.national_codes, actor, self.changes
        )
        self.dashboard_page = CountyDashboardPage(
            services.county_overview, services.catalogue, self.changes, backups=services.backups
        )
        self.banner = TrainingBar(None, services.training_folder, at_county=True)
        self.banner.setVisible(training)
        self._connect_dashboard()
        self.assemble()

    def _connect_dashboard(self) -> None:
        """Every figure of the dashboard opens the page that lists it."""
        dashboard = self.dashboard_page

        def cases(flt: ApplicationFilter) -> None:
            self.cases_page.show_filter(flt)
            self.show_page("cases")
            self.cases_page.table.setFocus()

        def renewals() -> None:
            self.register_page.renewal.setChecked(True)
            self.show_page("certificates")

        def station(code: str) -> None:
            self.show_page("stations")  # shown first: showing it reads the stations again
            self.stations_page.choose(code)

        dashboard.open_cases.connect(cases)
        dashboard.open_notices.connect(lambda: self.show_page("notice"))
        dashboard.open_renewals.connect(renewals)
        dashboard.open_station.connect(station)

    def build_pages(self) -> list[PageSpec]:
        return [
            PageSpec("dashboard", self.tr("Dashboard"), self.dashboard_page),
            PageSpec("cases", self.tr("Cases"), self.cases_page),
            PageSpec("meeting", self.tr("Meeting"), self.meeting_page),
            PageSpec("notice", self.tr("Public notice"), self.notice_page),
            PageSpec("certificates", self.tr("Certificates"), self.register_page),
            PageSpec("reports", self.tr("Reports"), self.reports_page),
            PageSpec("packages", self.tr("Packages"), self.packages_page),
            PageSpec("stations", self.tr("Stations"), self.stations_page),
            PageSpec("national", self.tr("National platform"), self.national_page),
            PageSpec("settings", self.tr("Settings"), self.settings_page),
        ]

    def top_bar(self) -> QWidget:
        return self.banner

    def refresh_own_status(self, status: StationStatus) -> None:
        """Nothing of the county's own yet: the installation and the user say it."""
