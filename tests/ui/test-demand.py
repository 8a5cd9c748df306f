#!/usr/bin/env python3
# test-demand.py: the Demand view over AT-SPI, on the demo catalogue with
# 20,000 synthetic handling records (`banshi-cli generate-records --seed 1`,
# which plants bundles of items that the same applicants handle together).
#
# Ctrl+4 shows the view. Its summary counts the records; its suggested
# themes are those of `banshi-cli demand FILE --json`, item for item, and
# the largest planted bundle is among them. “Create Theme…” on the first
# suggestion, a name typed into the dialog, and the catalogue file holds a
# theme of exactly those items, made in one edit (one Undo takes it all
# away). The Coverage page then shows the matrix
# (its accessible name counts the departments and themes) and the items in
# no theme, the most handled first as `banshi-cli coverage FILE --json`
# lists them; exported as CSV, the matrix is the file `banshi-cli coverage
# -o` writes.
#
# Usage: test-demand.py PATH-TO-BANSHI PATH-TO-BANSHI-CLI. Shares its
# helpers with test-ui.py. BANSHI_UI_TEST_SCREENSHOT=PREFIX takes
# screenshots PREFIX-demand.png and PREFIX-coverage.png.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import importlib.util
import json
import os
import re
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
find_all = ui.find_all
named = ui.named
on_screen = ui.on_screen
wait_for = ui.wait_for
do_action = ui.do_action
button = ui.button
click = ui.click
window_of = ui.window_of

RECORDS = 20000
THEME_NAME = '单位员工身后一件事'
SUMMARY = re.compile(r'^From \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d: 20,000 records of [\d,]+ applicants\. '
                     r'Items in a theme account for [\d.]+% of the records\.$')
MATRIX = re.compile(r'^Coverage matrix of (\d+) departments? by (\d+) themes?: ')
KEYCODE_CONTROL_L = 37
KEYCODE_4 = 13
KEYCODE_Y = 29

CLI = None
CATALOGUE = None


def cli_json(*args):
    output = subprocess.run([CLI, *args, '--json'], check=True, stdout=subprocess.PIPE).stdout
    return json.loads(output)








def screenshot(suffix):
    prefix = os.environ.get('BANSHI_UI_TEST_SCREENSHOT')
    if prefix and shutil.which('import'):
        time.sleep(1.0)
        subprocess.run(['import', '-window', 'root', '%s-%s.png' % (prefix, suffix)], check=False)


def suggestions(app):
    """The suggested themes on screen: each a list of the item names its
    lines start with (“name — department, N records”)."""
    group = find(app, on_screen(lambda n: n.get_name() == 'Suggested themes'
                                and n.get_role_name() not in ('label', 'page tab')))
    if group is None:
        return None
    found = []
    for row in find_all(group, lambda n: n.get_role_name() == 'list item'):
        labels = [n.get_name() or '' for n in find_all(row, named('label'))]
        found.append([label.split(' — ')[0] for label in labels if ' — ' in label])
    return found


def theme_items(name):
    """The codes of the items of the theme @name in the catalogue file."""
    db = sqlite3.connect('file:%s?mode=ro' % CATALOGUE, uri=True)
    try:
        rows = db.execute('SELECT i.code FROM theme t JOIN theme_item ti ON ti.theme_id = t.id '
                          'JOIN item i ON i.id = ti.item_id WHERE t.name = ?', (name,)).fetchall()
    finally:
        db.close()
    return sorted(code for (code,) in rows)


def theme_exists(name):
    db = sqlite3.connect('file:%s?mode=ro' % CATALOGUE, uri=True)
    try:
        return db.execute('SELECT count(*) FROM theme WHERE name = ?', (name,)).fetchone()[0] > 0
    finally:
        db.close()


def run(app, banshi):
    demand = cli_json('demand', CATALOGUE)
    expected = [b for b in demand['bundles'] if b['suggested']][:20]
    if not expected:
        raise Failure('banshi-cli demand suggests nothing on the generated records')

    # 1. Ctrl+4, typed on the window.
    wait_for('the window', lambda: find(app, on_screen(named('page tab', 'Themes'))))
    Atspi.generate_mouse_event(600, 300, 'abs')
    time.sleep(0.3)
    Atspi.generate_keyboard_event(KEYCODE_CONTROL_L, None, Atspi.KeySynthType.PRESS)
    Atspi.generate_keyboard_event(KEYCODE_4, None, Atspi.KeySynthType.PRESSRELEASE)
    Atspi.generate_keyboard_event(KEYCODE_CONTROL_L, None, Atspi.KeySynthType.RELEASE)

    # 2. The summary and the chart.
    summary = wait_for('the demand summary', lambda: find(app, on_screen(
        lambda n: n.get_role_name() == 'label' and (n.get_name() or '').startswith('From '))), timeout=20)
    log('summary:', summary.get_name())
    if not SUMMARY.match(summary.get_name()):
        raise Failure('the summary does not count the %d records: %r' % (RECORDS, summary.get_name()))
    chart = wait_for('the chart', lambda: find(app, on_screen(
        lambda n: (n.get_name() or '').startswith('Chart of the 20 most handled items'))))
    top = demand['items'][0]
    if not (chart.get_description() or '').startswith('1. %s (%s): %s records' % (
            top['name'], top['department'], format(top['records'], ','))):
        raise Failure('the chart does not start with %s: %r' % (top['name'], chart.get_description()[:200]))

    # 3. The suggestions, as banshi-cli lists them.
    shown = wait_for('the suggested themes', lambda: suggestions(app))
    if len(shown) != len(expected):
        raise Failure('%d suggestions shown, banshi-cli has %d' % (len(shown), len(expected)))
    for i, (names, bundle) in enumerate(zip(shown, expected)):
        if sorted(names) != sorted(item['name'] for item in bundle['items']):
            raise Failure('suggestion %d shows %s, banshi-cli says %s' % (
                i + 1, names, [item['name'] for item in bundle['items']]))
    # The largest planting is found whole, across the suggestions (a
    # bundle may come as two overlapping ones).
    suggested = set(name for names in shown for name in names)
    if not set(PLANTED[0]) <= suggested:
        raise Failure('the planted bundle %s is not among the suggestions %s' % (PLANTED[0], shown))
    for planted in PLANTED[1:]:
        if not set(planted) & suggested:
            log('note: no item of the planted bundle %s is suggested' % '、'.join(planted))
    log('%d suggestions, the first:' % len(shown), '、'.join(shown[0]))
    screenshot('demand')

    # 4. A theme from the first suggestion.
    create = wait_for('Create Theme…', lambda: find(app, button('Create Theme…')))
    do_action(create, 'click')
    dialog = wait_for('the Create Theme dialog', lambda: (lambda b: window_of(b) if b else None)(
        find(app, button('Create'))))
    field = wait_for('the Name field', lambda: find(dialog, on_screen(
        lambda n: n.get_role_name() in ('entry', 'text') and n.get_name() == 'Name')))
    click(field)
    field.set_text_contents(THEME_NAME)
    time.sleep(0.3)
    do_action(wait_for('the Create button', lambda: find(app, button('Create'))), 'click')
    codes = sorted(item['code'] for item in expected[0]['items'])
    wait_for('the theme %s in the catalogue file' % THEME_NAME, lambda: theme_items(THEME_NAME) == codes,
             timeout=8)
    log('created %s with' % THEME_NAME, ', '.join(codes))
    wait_for('the toast', lambda: find(app, lambda n: (n.get_name() or '').startswith(
        'Created theme “%s” with %d items' % (THEME_NAME, len(codes)))), timeout=5)

    # One edit: the toast's Undo takes the theme and all its items away,
    # Ctrl+Y brings them back.
    do_action(wait_for('the toast’s Undo', lambda: find(app, button('Undo'))), 'click')
    wait_for('Undo to take the theme away', lambda: not theme_exists(THEME_NAME), timeout=8)
    Atspi.generate_mouse_event(600, 300, 'abs')
    time.sleep(0.3)
    Atspi.generate_keyboard_event(KEYCODE_CONTROL_L, None, Atspi.KeySynthType.PRESS)
    Atspi.generate_keyboard_event(KEYCODE_Y, None, Atspi.KeySynthType.PRESSRELEASE)
    Atspi.generate_keyboard_event(KEYCODE_CONTROL_L, None, Atspi.KeySynthType.RELEASE)
    wait_for('Ctrl+Y to bring the theme back', lambda: theme_items(THEME_NAME) == codes, timeout=8)
    log('undone and redone in one step each')
    # The analysis runs again: the suggestion is covered now.
    wait_for('the suggestion to go', lambda: (lambda s: s is not None and sorted(names_of(expected[0]))
                                              not in [sorted(n) for n in s])(suggestions(app)), timeout=15)

    # 5. The Coverage page.
    tab = wait_for('the Coverage tab', lambda: find(app, on_screen(
        lambda n: n.get_name() == 'Coverage' and n.get_n_actions() > 0)))
    do_action(tab, 'click')
    matrix = wait_for('the coverage matrix', lambda: find(app, on_screen(
        lambda n: MATRIX.match(n.get_name() or ''))), timeout=15)
    coverage = cli_json('coverage', CATALOGUE)
    m = MATRIX.match(matrix.get_name())
    if (int(m.group(1)), int(m.group(2))) != (len(coverage['departments']), len(coverage['themes'])):
        raise Failure('the matrix says %r; banshi-cli counts %d departments and %d themes' % (
            matrix.get_name(), len(coverage['departments']), len(coverage['themes'])))
    log('matrix:', matrix.get_name())

    def uncovered_names():
        group = find(app, on_screen(lambda n: n.get_name() == 'Items in no theme'
                                    and n.get_role_name() != 'label'))
        if group is None:
            return None
        return [n.get_name() for n in find_all(group, on_screen(named('label')))
                if n.get_name() and ' · ' not in n.get_name() and not n.get_name().endswith(' records')
                and not n.get_name().endswith(' record')]
    names = wait_for('the items in no theme', uncovered_names)
    first = [item['name'] for item in coverage['uncovered'][:len(names)]]
    if names[:3] != first[:3]:
        raise Failure('the items in no theme start %s, banshi-cli says %s' % (names[:3], first[:3]))
    log('%d items in no theme shown, the first:' % len(names), '、'.join(names[:3]))
    screenshot('coverage')

    # 6. The matrix exported as CSV, as banshi-cli writes it.
    exported = os.path.join(os.path.dirname(CATALOGUE), 'matrix.csv')
    reference = os.path.join(os.path.dirname(CATALOGUE), 'reference.csv')
    do_action(wait_for('Export…', lambda: find(app, button('Export…'))), 'click')
    chooser = wait_for('the Export Coverage dialog', lambda: find(
        app, lambda n: n.get_name() == 'Export Coverage' and n.get_parent().get_role_name() == 'application'))
    name = wait_for('the file name field', lambda: find(chooser, on_screen(
        lambda n: n.get_role_name() in ('text', 'entry') and n.get_name() == 'Name:')))
    click(name)
    name.set_text_contents(exported)
    time.sleep(0.3)
    do_action(wait_for('the Export button', lambda: find(chooser, button('Export'))), 'click')
    wait_for('the toast “Exported “matrix.csv””',
             lambda: find(app, lambda n: n.get_name() == 'Exported “matrix.csv”'), timeout=8)
    subprocess.run([CLI, 'coverage', CATALOGUE, '-o', reference], check=True, stdout=subprocess.DEVNULL)
    with open(exported, 'rb') as f, open(reference, 'rb') as g:
        if f.read() != g.read():
            raise Failure('the exported matrix differs from banshi-cli’s')
    log('exported the matrix: the same as banshi-cli coverage -o')


def names_of(bundle):
    return [item['name'] for item in bundle['items']]


PLANTED = []

if __name__ == '__main__':
    if len(sys.argv) < 3 or not os.access(sys.argv[2], os.X_OK):
        log('usage: test-demand.py PATH-TO-BANSHI PATH-TO-BANSHI-CLI')
        sys.exit(2)
    CLI = sys.argv[2]
    folder = tempfile.mkdtemp(prefix='banshi-demand-')
    try:
        CATALOGUE = os.path.join(folder, 'demand.banshi')
        subprocess.run([CLI, 'demo', CATALOGUE], check=True, stdout=subprocess.DEVNULL)
        generated = cli_json('generate-records', CATALOGUE, '--count', str(RECORDS), '--seed', '1')
        PLANTED = [[item['name'] for item in bundle['items']] for bundle in generated['bundles']
                   if not bundle['covered']]
        ui.run = run
        status = ui.main([CATALOGUE])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    sys.exit(status)
