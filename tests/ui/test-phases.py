#!/usr/bin/env python3
# test-phases.py: planning a rollout from nothing over AT-SPI. A generated
# catalogue with 9 themes and handling records has no phases: the Rollout
# view offers Plan Phases…, the Phases dialog Propose Phases…; the proposal
# (ranked in a worker) lists the themes with their figures in 3 batches;
# the first batch is renamed and Accept Proposal creates the 3 phases and a
# task per department and theme (read back with sqlite3); Ctrl+Z in the
# dialog takes them all away in one step.
#
# Usage: test-phases.py PATH-TO-BANSHI PATH-TO-BANSHI-CLI. Shares its
# helpers with test-ui.py.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import importlib.util
import os
import shutil
import sqlite3
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
named = ui.named
on_screen = ui.on_screen
wait_for = ui.wait_for
do_action = ui.do_action
button = ui.button
click = ui.click

BATCH_NAME = '第一批 高频易办'
CATALOGUE = None


def counts():
    with sqlite3.connect(CATALOGUE) as db:
        return (db.execute('SELECT count(*) FROM phase').fetchone()[0],
                db.execute('SELECT count(*) FROM task').fetchone()[0],
                [name for name, in db.execute('SELECT name FROM phase ORDER BY position')])


def run(app, banshi):
    tab = wait_for('the Rollout tab', lambda: find(app, on_screen(named('page tab', 'Rollout'))))
    do_action(tab, 'click')
    plan = wait_for('Plan Phases…', lambda: find(app, button('Plan Phases…')))
    do_action(plan, 'click')
    propose = wait_for('Propose Phases…', lambda: find(app, lambda n: n.get_role_name() == 'push button'
                                                        and (n.get_name() or '').endswith('Propose Phases…')
                                                        and ui.window_of(n) is not None
                                                        and ui.window_of(n).get_name() != 'Banshi'))
    do_action(propose, 'click')

    entry = wait_for('the name of proposed batch 1',
                     lambda: find(app, on_screen(lambda n: n.get_role_name() in ('entry', 'text')
                                                 and n.get_name() == 'Name of proposed phase 1')), timeout=20)
    log('the proposal is shown')
    click(entry)
    entry.set_text_contents(BATCH_NAME)
    time.sleep(0.5)

    accept = wait_for('Accept Proposal', lambda: find(app, button('Accept Proposal')))
    do_action(accept, 'click')
    try:
        phases = wait_for('3 phases in the file', lambda: (lambda c: c if c[0] == 3 else None)(counts()),
                          timeout=10)
    except Failure:
        shot = os.environ.get('BANSHI_UI_TEST_SCREENSHOT')
        if shot:
            subprocess.run(['import', '-window', 'root', shot], check=False)
        raise
    n_phases, n_tasks, names = phases
    log('accepted: %d phases %s, %d tasks' % (n_phases, names, n_tasks))
    if names[0] != BATCH_NAME:
        raise Failure('the first phase is called %r, not the name typed' % names[0])
    if n_tasks < 9:
        raise Failure('only %d tasks for 9 themes' % n_tasks)

    # The dialog's own Ctrl+Z takes the whole proposal back.
    Atspi.generate_mouse_event(300, 300, 'abs')
    time.sleep(0.3)
    ui.press_ctrl_z()
    wait_for('Ctrl+Z to take the phases and tasks away', lambda: counts()[:2] == (0, 0), timeout=10)
    log('Ctrl+Z: no phases, no tasks')


if __name__ == '__main__':
    if len(sys.argv) < 3 or not os.access(sys.argv[2], os.X_OK):
        log('usage: test-phases.py PATH-TO-BANSHI PATH-TO-BANSHI-CLI')
        sys.exit(2)
    cli = sys.argv[2]
    folder = tempfile.mkdtemp(prefix='banshi-phases-')
    try:
        CATALOGUE = os.path.join(folder, 'plan.banshi')
        subprocess.run([cli, 'generate', CATALOGUE, '--items', '400', '--departments', '12', '--themes', '9',
                        '--seed', '3'], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([cli, 'generate-records', CATALOGUE, '--count', '20000', '--seed', '2'],
                       check=True, stdout=subprocess.DEVNULL)
        ui.run = run
        status = ui.main([CATALOGUE])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    sys.exit(status)
