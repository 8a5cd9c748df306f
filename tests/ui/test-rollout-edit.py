#!/usr/bin/env python3
# test-rollout-edit.py: the reminders and the editing of the rollout over
# AT-SPI, on the demo's day 2026-06-15 (BANSHI_TODAY).
#
# A fake notification server (fake-notifications.py) stands in for the
# desktop's: on opening, Banshi sends one notification listing the 3
# overdue tasks. The header bar reads “3 overdue · 3 due soon”; pressing it
# shows the Rollout view filtered to those tasks. Then: a warning is
# recorded about T014 through the decision dialog and appears under the
# task, Ctrl+Z takes it away; a task is added through the New Task dialog
# and deleted again with its Delete button.
#
# Usage: test-rollout-edit.py PATH-TO-BANSHI. Shares its helpers with test-ui.py.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
import time

_here = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location('banshi_test_ui', os.path.join(_here, 'test-ui.py'))
ui = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ui)

Atspi = ui.Atspi
Failure = ui.Failure
log = ui.log
find = ui.find
find_all = ui.find_all
named = ui.named
on_screen = ui.on_screen
wait_for = ui.wait_for
do_action = ui.do_action
button = ui.button
click = ui.click
window_of = ui.window_of
dialog_with = ui.dialog_with

TODAY = '2026-06-15'
OVERDUE = {'T014', 'T022', 'T025'}
N_TASKS = 50          # in the demo; the next task is T051
REMINDER = '3 overdue · 3 due soon'
CODE = re.compile(r'^T\d{3}$')
NOTIFICATIONS = os.path.join(tempfile.mkdtemp(prefix='banshi-notify-'), 'notifications.jsonl')




def task_codes(app):
    tasks = find(app, on_screen(lambda n: n.get_name() == 'Tasks' and n.get_role_name() not in ('page tab', 'label')))
    if tasks is None:
        return None
    return [label.get_name() for label in
            find_all(tasks, on_screen(lambda n: n.get_role_name() == 'label' and CODE.match(n.get_name() or '')))]








def entry_row(root, title):
    """The text field of the dialog row titled @title."""
    return find(root, on_screen(lambda n: n.get_role_name() in ('entry', 'text') and n.get_name() == title))


def type_into(root, title, text):
    field = wait_for('the field “%s”' % title, lambda: entry_row(root, title))
    click(field)
    field.set_text_contents(text)
    time.sleep(0.3)


def select_task(app, code):
    tasks = find(app, on_screen(lambda n: n.get_name() == 'Tasks' and n.get_role_name() not in ('page tab', 'label')))
    label = find(tasks, on_screen(lambda n: n.get_role_name() == 'label' and n.get_name() == code))
    click(label)
    wait_for('the editor of %s' % code,
             lambda: find(app, on_screen(lambda n: n.get_role_name() == 'label'
                                         and (n.get_name() or '').startswith(code + ' · '))))


def read_notifications():
    if not os.path.exists(NOTIFICATIONS):
        return []
    with open(NOTIFICATIONS) as f:
        return [json.loads(line) for line in f if line.strip()]


def run(app, banshi):
    # 1. The notification sent on opening: the three overdue tasks.
    notes = wait_for('a desktop notification of the overdue tasks', read_notifications, timeout=10)
    if len(notes) != 1:
        raise Failure('expected one notification, got %s' % notes)
    note = notes[0]
    log('notification:', note['summary'], '|', note['body'].replace('\n', ' | '))
    if not note['summary'].endswith('3 tasks are overdue'):
        raise Failure('the notification says %r' % note['summary'])
    listed = set(re.findall(r'^(T\d{3}) ', note['body'], re.M))
    if listed != OVERDUE:
        raise Failure('the notification lists %s, not %s' % (sorted(listed), sorted(OVERDUE)))
    if '46 days overdue' not in note['body']:
        raise Failure('the notification does not say T014 is 46 days overdue: %r' % note['body'])

    # 2. The header bar's reminder leads to the overdue tasks.
    reminder = wait_for('the header bar reminder “%s”' % REMINDER,
                        lambda: find(app, on_screen(named('push button', REMINDER))))
    do_action(reminder, 'click')
    wait_for('the Rollout view filtered to the overdue tasks',
             lambda: set(task_codes(app) or ()) == OVERDUE, timeout=8)
    log('the reminder shows', sorted(task_codes(app)))

    # 3. A warning about T014, through the decision dialog.
    select_task(app, 'T014')
    do_action(wait_for('Record Decision…', lambda: find(app, button('Record Decision…'))),
              'click')
    decision_dialog = wait_for('the decision dialog', lambda: dialog_with(app, 'Record Decision'))
    type_into(decision_dialog, 'Reason', 'Forty-six days late: the director explains at the next meeting')
    add = wait_for('the Record Decision button', lambda: find(app, button('Record Decision')))
    do_action(add, 'click')
    decision = wait_for('the warning under T014',
                        lambda: find(app, on_screen(lambda n: (n.get_name() or '').startswith('Warning, ' + TODAY))))
    log('recorded:', decision.get_name())

    Atspi.generate_mouse_event(600, 160, 'abs')
    time.sleep(0.3)
    ui.press_ctrl_z()
    wait_for('Ctrl+Z to take the warning away',
             lambda: not find(app, on_screen(lambda n: (n.get_name() or '').startswith('Warning, ' + TODAY))),
             timeout=8)
    log('Ctrl+Z took the warning away')

    # 4. A new task, then deleted.
    # The overdue filter, on since the reminder, goes off again.
    overdue_toggle = wait_for('the overdue filter', lambda: find(app, on_screen(
        lambda n: n.get_role_name() in ('toggle button', 'push button') and n.get_name() == '3 overdue')))
    do_action(overdue_toggle, 'click')
    wait_for('all %d tasks' % N_TASKS, lambda: len(task_codes(app) or ()) > len(OVERDUE), timeout=8)
    do_action(wait_for('the New Task button', lambda: find(app, on_screen(named('push button', 'New Task')))), 'click')
    task_dialog = wait_for('the New Task dialog', lambda: dialog_with(app, 'Add Task'))
    type_into(task_dialog, 'Deliverable', 'Publish the guide to 开餐馆 at the hall')
    type_into(task_dialog, 'Responsible Person', '李娜')
    due = wait_for('the due date field', lambda: entry_row(task_dialog, 'Due (YYYY-MM-DD)'))
    click(due)
    due.set_text_contents('2026-06-20')
    time.sleep(0.3)
    shot = os.environ.get('BANSHI_UI_TEST_SCREENSHOT')
    if shot:
        subprocess.run(['import', '-window', 'root', shot], check=False)
    do_action(wait_for('the Add Task button', lambda: find(app, button('Add Task'))),
              'click')
    new_code = 'T%03d' % (N_TASKS + 1)
    wait_for('the toast “Added task %s”' % new_code,
             lambda: find(app, lambda n: (n.get_name() or '') == 'Added task %s' % new_code), timeout=8)
    wait_for('the reminder to count the new task as due soon',
             lambda: find(app, on_screen(named('push button', '3 overdue · 4 due soon'))), timeout=8)
    log('added', new_code, 'due 2026-06-20: the header bar says 3 overdue · 4 due soon')

    search = find(app, named('push button', 'Search'))
    if search is not None:
        do_action(search, 'click')
        entry = wait_for('the search entry', lambda: find(app, named('entry', 'Search the list')))
        entry.set_text_contents('开餐馆 at the hall')
    wait_for('only %s in the list' % new_code, lambda: task_codes(app) == [new_code], timeout=8)
    select_task(app, new_code)
    do_action(wait_for('the Delete Task button', lambda: find(app, on_screen(named('push button', 'Delete Task')))),
              'click')
    wait_for('%s to be deleted' % new_code, lambda: not task_codes(app), timeout=8)
    wait_for('the reminder to count 3 due soon again',
             lambda: find(app, on_screen(named('push button', REMINDER))), timeout=8)
    log('deleted', new_code)


if __name__ == '__main__':
    ui.run = run
    os.environ['BANSHI_TODAY'] = TODAY
    server = subprocess.Popen([sys.executable, os.path.join(_here, 'fake-notifications.py'), NOTIFICATIONS],
                              stdout=subprocess.PIPE, text=True)
    try:
        if server.stdout.readline().strip() != 'ready':
            ui.skip('the fake notification server did not start')
        status = ui.main()
    finally:
        server.terminate()
        server.wait()
    sys.exit(status)
