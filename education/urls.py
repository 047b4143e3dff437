from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from education.accounts import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from education.views import (
    accounts,
    educators,
    food,
    history,
    labs,
    learn,
    pages,
    people,
    refills,
    schedules,
    sharing,
    symptoms,
)

urlpatterns = [
    path("", pages.home, name="home"),
    path("help/", pages.help_now, name="help"),
    path("settings/", pages.visitor_settings, name="settings"),
    path("sources/", pages.sources, name="sources"),
    path("favicon.ico", pages.favicon, name="favicon"),
    path("robots.txt", pages.robots, name="robots"),
    # Learn
    path("learn/", learn.lesson_list, name="learn"),
    path("learn/glossary/", learn.glossary, name="glossary"),
    path("learn/path/<slug:audience>/", learn.audience_path, name="learn-path"),
    path("learn/<slug:slug>/", learn.lesson_detail, name="lesson"),
    path("learn/<slug:slug>/check/", learn.lesson_check, name="lesson-check"),
    # Accounts
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/login/", accounts.login, name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/change/",
        auth_views.PasswordChangeView.as_view(form_class=PasswordChangeForm),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetForm,
            email_template_name="registration/password_reset_email.txt",
        ),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=SetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # People an account looks after
    path("people/", people.people_list, name="people"),
    path("people/add/", people.person_add, name="person-add"),
    path("people/<int:person_id>/edit/", people.person_edit, name="person-edit"),
    path("people/<int:person_id>/remove/", people.person_remove, name="person-remove"),
    path("people/<int:person_id>/choose/", people.person_switch, name="person-choose"),
    # Sharing a person's care
    path("people/<int:person_id>/sharing/", sharing.person_sharing, name="person-sharing"),
    path(
        "people/<int:person_id>/sharing/<int:membership_id>/remove/",
        sharing.membership_end,
        name="membership-remove",
    ),
    path(
        "people/<int:person_id>/invitations/<int:invitation_id>/cancel/",
        sharing.invitation_withdraw,
        name="invitation-cancel",
    ),
    path("invite/<str:token>/", sharing.invitation, name="invitation"),
    # Food and drink
    path("food/", food.food_search, name="food"),
    path("food/<slug:product>/", food.food_product, name="food-product"),
    # Symptoms and blood pressure
    path("symptoms/", symptoms.symptom_start, name="symptoms"),
    path("symptoms/blood-pressure/", symptoms.pressure_check, name="blood-pressure"),
    path(
        "symptoms/blood-pressure/result/",
        symptoms.pressure_result,
        name="blood-pressure-result",
    ),
    path("symptoms/summary/", symptoms.symptom_summary, name="symptom-summary"),
    path("symptoms/<slug:slug>/", symptoms.symptom_checklist, name="symptom-checklist"),
    path("symptoms/<slug:slug>/result/", symptoms.symptom_result, name="symptom-result"),
    # Schedules, reminders and Today
    path("today/", schedules.today_page, name="today"),
    path("today/mark/", schedules.dose_mark, name="dose-mark"),
    path("today/undo/", schedules.dose_undo, name="dose-undo"),
    path("people/<int:person_id>/schedules/", schedules.schedule_list, name="schedules"),
    path("people/<int:person_id>/schedules/add/", schedules.schedule_add, name="schedule-add"),
    path(
        "people/<int:person_id>/schedules/<int:schedule_id>/change/",
        schedules.schedule_change,
        name="schedule-change",
    ),
    path(
        "people/<int:person_id>/schedules/<int:schedule_id>/end/",
        schedules.schedule_end,
        name="schedule-end",
    ),
    path("people/<int:person_id>/reminders/", schedules.reminders_page, name="reminders"),
    path(
        "people/<int:person_id>/reminders/new-link/",
        schedules.reminders_regenerate,
        name="reminders-regenerate",
    ),
    path(
        "people/<int:person_id>/reminders/medicine-reminders.ics",
        schedules.reminders_download,
        name="reminders-download",
    ),
    path(
        "reminders/feed/<int:person_id>/<str:token>.ics",
        schedules.reminders_feed,
        name="reminders-feed",
    ),
    # Lesson links for educators, and the links patients open
    path("lessons/", educators.pack_list, name="educators"),
    path("lessons/start/", educators.educator_start, name="educator-start"),
    path("lessons/profile/", educators.educator_profile, name="educator-profile"),
    path("lessons/new/", educators.pack_new, name="pack-new"),
    path("lessons/<int:pack_id>/edit/", educators.pack_edit, name="pack-edit"),
    path("lessons/<int:pack_id>/status/", educators.pack_status, name="pack-status"),
    path("lessons/<int:pack_id>/delete/", educators.pack_delete, name="pack-delete"),
    path("lessons/<int:pack_id>/handout/", educators.pack_handout, name="pack-handout"),
    path("l/", educators.pack_open, name="pack-open"),
    path("l/<str:code>/", educators.pack_detail, name="pack"),
    path("l/<str:code>/<int:number>/", educators.pack_lesson, name="pack-lesson"),
    path("people/<int:person_id>/symptoms/", symptoms.symptom_diary, name="symptom-diary"),
    path(
        "people/<int:person_id>/symptoms/save/",
        symptoms.symptom_diary_save,
        name="symptom-diary-save",
    ),
    # Refills
    path("people/<int:person_id>/refills/", refills.refills_page, name="refills"),
    path(
        "people/<int:person_id>/refills/<int:schedule_id>/new/",
        refills.refill_new,
        name="refill-new",
    ),
    # Blood-test days and check-ups
    path("people/<int:person_id>/blood-tests/", labs.lab_list, name="labs"),
    path("people/<int:person_id>/blood-tests/add/", labs.lab_add, name="lab-add"),
    path(
        "people/<int:person_id>/blood-tests/<int:appointment_id>/change/",
        labs.lab_edit,
        name="lab-edit",
    ),
    path(
        "people/<int:person_id>/blood-tests/<int:appointment_id>/delete/",
        labs.lab_delete,
        name="lab-delete",
    ),
    path(
        "people/<int:person_id>/schedules/<int:schedule_id>/check-ups/",
        labs.checkups_accept,
        name="checkups",
    ),
    path(
        "people/<int:person_id>/schedules/<int:schedule_id>/blood-tests/",
        labs.schedule_lab,
        name="schedule-lab",
    ),
    # Dose history, its exports, and the printable schedule card
    path("people/<int:person_id>/history/", history.history_page, name="history"),
    path("people/<int:person_id>/history/print/", history.history_print, name="history-print"),
    path(
        "people/<int:person_id>/history/dose-history.csv",
        history.history_csv,
        name="history-csv",
    ),
    path("people/<int:person_id>/card/", history.schedule_card, name="schedule-card"),
]
