#!/usr/bin/env python3
# test-import.py: importing items over AT-SPI, on a fresh copy of the demo.
#
# A small GB18030 CSV (as Excel saves it in China) of three items of two
# departments, one of them new, with a line break inside a quoted field,
# is opened with Ctrl+I (BANSHI_TEST_IMPORT_FILE stands in for the file
# chooser). The dialog must show the encoding it detected and the fields
# it recognised from the Chinese headers; Import runs, the report says
# “Imported 3 new items”, and the catalogue file holds them, the new
# department and the two materials of the quoted field; the fourth row,
# without a name, is reported skipped with its line. Ctrl+Z in the
# window takes the whole import back.
#
# Then handling records, through the app.import-records action (activated
# over D-Bus; BANSHI_TEST_IMPORT_RECORDS_FILE stands in for the chooser):
# five rows, three of known items (by code, by name), one of an item not
# in the catalogue, one with a bad day. The report counts them and names
# the unknown item and the bad row's line; the file holds the 3 records.
#
# Usage: test-import.py PATH-TO-BANSHI. Shares its helpers with test-ui.py.
# BANSHI_UI_TEST_SCREENSHOT_DIR=DIR saves the dialog's pages there.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import importlib.util
import os
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
button = ui.button
click = ui.click

KEYCODE_I = 31
CODES = ('TEST-IMP-001', 'TEST-IMP-002', 'TEST-IMP-003')
NEW_DEPARTMENT = '测试新设局'
CSV = ('事项名称,实施编码,实施机构,法定办结时限,申请材料\r\n'
       '测试导入事项甲,TEST-IMP-001,市场监督管理局,20(工作日),"申请书\r\n营业执照复印件"\r\n'
       '测试导入事项乙,TEST-IMP-002,市场监督管理局,即办,申请书\r\n'
       '"测试导入事项丙",TEST-IMP-003,' + NEW_DEPARTMENT + ',30天,无\r\n'
       ',TEST-IMP-004,市场监督管理局,5,\r\n')
# The row without a name starts on line 6: the quoted line break counts.
SKIP = 'Line 6: no name'
# The header → what the dialog must have recognised it as.
EXPECTED = {
    '事项名称': 'Name',
    '实施编码': 'Code',
    '实施机构': 'Department',
    '法定办结时限': 'Statutory time limit',
    '申请材料': 'Materials',
}

RECORDS = ('受理时间,事项编码,事项名称,申请人证件号,渠道,部门\n'
           '2024-03-05 10:22:01,000102001000,民办幼儿园办学许可（设立）,110101199001011234,窗口,教育局\n'
           '2024-03-06,000102001000,,110101199001011235,网上,教育局\n'
           '2024年3月7日,,民办幼儿园办学许可（设立）,11010119900101123x,窗口,教育局\n'
           '2024-03-08,NOPE-1,不存在的事项,110101199001011237,窗口,教育局\n'
           '2024-13-01,000102001000,民办幼儿园办学许可（设立）,110101199001011238,窗口,教育局\n')
APP_ID = 'io.github.banshi.Banshi'

WORK = tempfile.mkdtemp(prefix='banshi-import-test-')
CSV_PATH = os.path.join(WORK, '部门事项.csv')
RECORDS_PATH = os.path.join(WORK, '办件.csv')






def press_ctrl(keycode):
    Atspi.generate_keyboard_event(ui.KEYCODE_CONTROL_L, None, Atspi.KeySynthType.PRESS)
    Atspi.generate_keyboard_event(keycode, None, Atspi.KeySynthType.PRESSRELEASE)
    Atspi.generate_keyboard_event(ui.KEYCODE_CONTROL_L, None, Atspi.KeySynthType.RELEASE)


def labels_under(node):
    """The labels shown inside @node (a drop-down keeps a hidden “(None)”)."""
    return [n.get_name() for n in find_all(node, on_screen(lambda n: n.get_role_name() == 'label'))
            if n.get_name()]


def dialog(app):
    return find(app, lambda n: n.get_role_name() in ('frame', 'window', 'dialog') and n.get_name() == 'Import Items')


def mapping(app):
    """Header → the field its drop-down shows, for the expected headers."""
    shown = {}
    for header in EXPECTED:
        combo = find(app, on_screen(lambda n, h=header: n.get_name() == 'Field of the column “%s”' % h))
        if combo is None:
            return None
        labels = labels_under(combo)
        if not labels:
            return None
        shown[header] = labels[0]
    return shown


def screenshot(name):
    folder = os.environ.get('BANSHI_UI_TEST_SCREENSHOT_DIR')
    if folder:
        time.sleep(0.8)
        subprocess.run(['import', '-window', 'root', os.path.join(folder, name)], check=False)


DEMO = []


def find_demo(app):
    """The demo copy in the program's own data folder (ui.main() makes one)."""
    with open('/proc/%d/environ' % app.get_process_id(), 'rb') as f:
        env = dict(item.split(b'=', 1) for item in f.read().split(b'\0') if b'=' in item)
    DEMO.append(os.path.join(env[b'XDG_DATA_HOME'].decode(), 'banshi', 'demo.banshi'))


def demo_db():
    return DEMO[0]


def query(sql, *args):
    connection = sqlite3.connect('file:%s?mode=ro' % demo_db(), uri=True)
    try:
        return connection.execute(sql, args).fetchall()
    finally:
        connection.close()


def imported_codes():
    marks = ','.join('?' * len(CODES))
    return sorted(row[0] for row in query('SELECT code FROM item WHERE code IN (%s)' % marks, *CODES))


def run(app, banshi):
    # 1. The main window, then Ctrl+I with the pointer over it (the X
    # server gives it the keyboard so).
    wait_for('the main window', lambda: find(app, on_screen(named('page tab', 'Departments'))))
    find_demo(app)
    before_items = query('SELECT count(*) FROM item')[0][0]
    if imported_codes():
        raise Failure('the demo already holds %s' % imported_codes())
    Atspi.generate_mouse_event(600, 400, 'abs')
    time.sleep(0.3)
    press_ctrl(KEYCODE_I)
    wait_for('the Import Items dialog', lambda: find(app, button('Import')), timeout=10)
    log('Ctrl+I opened the dialog')

    # 2. What it read: GB18030, the fields of the Chinese headers, the
    # first rows (the quoted line break shown as ⏎).
    wait_for('the detected encoding “Automatic (GB18030)”',
             lambda: find(app, on_screen(lambda n: n.get_role_name() == 'label'
                                         and n.get_name() == 'Automatic (GB18030)')))
    shown = wait_for('the mapping of the headers', lambda: mapping(app))
    log('mapping:', shown)
    if shown != EXPECTED:
        raise Failure('the dialog maps the columns as %s, not %s' % (shown, EXPECTED))
    wait_for('the first row with its quoted line break',
             lambda: find(app, on_screen(named('label', '申请书 ⏎ 营业执照复印件'))))
    wait_for('the new department in the preview', lambda: find(app, on_screen(named('label', NEW_DEPARTMENT))))
    if find(app, on_screen(lambda n: (n.get_name() or '').startswith('Choose the column'))):
        raise Failure('the dialog says a required column is missing')
    screenshot('import-mapping.png')

    # 3. Import, and the report.
    click(wait_for('the Import button', lambda: find(app, button('Import'))))
    report = wait_for('the report', lambda: find(app, on_screen(
        lambda n: (n.get_name() or '').startswith('Imported 3 new items'))), timeout=15)
    log('report:', report.get_name().replace('\n', ' | '))
    if 'updated 0, skipped 1' not in report.get_name():
        raise Failure('the report says %r' % report.get_name())
    if 'Created 1 department' not in report.get_name():
        raise Failure('the report does not mention the new department: %r' % report.get_name())
    wait_for('the skipped row “%s”' % SKIP, lambda: find(app, on_screen(lambda n: n.get_name() == SKIP)))
    screenshot('import-report.png')

    # 4. The file holds them, in the window's catalogue (one connection
    # wrote them, the window's adopted the edit).
    if imported_codes() != list(CODES):
        raise Failure('the catalogue holds %s after the import' % imported_codes())
    rows = query('SELECT d.name FROM item i JOIN department d ON d.id = i.department_id WHERE i.code = ?',
                 'TEST-IMP-003')
    if rows != [(NEW_DEPARTMENT,)]:
        raise Failure('TEST-IMP-003 belongs to %s' % rows)
    rows = query('SELECT legal_limit, legal_limit_unit FROM item WHERE code = ?', 'TEST-IMP-001')
    if rows != [(20, 'working-days')]:
        raise Failure('TEST-IMP-001 has the legal limit %s' % rows)
    materials = [row[0] for row in query('SELECT m.name FROM material m JOIN item i ON i.id = m.item_id '
                                         'WHERE i.code = ? ORDER BY m.position', 'TEST-IMP-001')]
    if materials != ['申请书', '营业执照复印件']:
        raise Failure('TEST-IMP-001 has the materials %s' % materials)
    if query('SELECT count(*) FROM item')[0][0] != before_items + 3:
        raise Failure('the catalogue does not have 3 items more')
    log('the file holds the 3 items, the new department and the materials')

    # 5. Close, then Ctrl+Z in the window takes the import back.
    click(wait_for('the Close button', lambda: find(app, button('Close'))))
    wait_for('the dialog to close', lambda: not find(app, on_screen(
        lambda n: (n.get_name() or '').startswith('Imported 3 new items'))), timeout=8)
    Atspi.generate_mouse_event(600, 400, 'abs')
    time.sleep(0.3)
    ui.press_ctrl_z()
    wait_for('Ctrl+Z to take the 3 items away', lambda: not imported_codes(), timeout=8)
    if query('SELECT count(*) FROM department WHERE name = ?', NEW_DEPARTMENT)[0][0] != 0:
        raise Failure('the new department is still there after Ctrl+Z')
    log('Ctrl+Z took the import back')

    # 6. Handling records, through the application's action.
    before_records = query('SELECT count(*) FROM record')[0][0]
    from gi.repository import Gio
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    actions = Gio.DBusActionGroup.get(bus, APP_ID, '/' + APP_ID.replace('.', '/'))
    actions.activate_action('import-records', None)
    wait_for('the Import Handling Records dialog', lambda: find(app, button('Import')), timeout=10)
    wait_for('the detected encoding “Automatic (UTF-8)”',
             lambda: find(app, on_screen(named('label', 'Automatic (UTF-8)'))))
    wait_for('the preview of the records', lambda: find(app, on_screen(named('label', '不存在的事项'))))
    click(wait_for('the Import button', lambda: find(app, button('Import'))))
    report = wait_for('the records report', lambda: find(app, on_screen(
        lambda n: (n.get_name() or '').startswith('Imported 3 records of 5 rows'))), timeout=15)
    log('records report:', report.get_name().replace('\n', ' | '))
    wait_for('the unknown item', lambda: find(app, on_screen(
        lambda n: n.get_role_name() == 'label' and 'NOPE-1' in (n.get_name() or ''))))
    problem = wait_for('the bad day on line 6', lambda: find(app, on_screen(
        lambda n: (n.get_name() or '').startswith('Line 6: '))))
    log('records problem:', problem.get_name())
    screenshot('import-records-report.png')
    after_records = query('SELECT count(*) FROM record')[0][0]
    if after_records != before_records + 3:
        raise Failure('the catalogue holds %d records, not %d' % (after_records, before_records + 3))
    click(wait_for('the Close button', lambda: find(app, button('Close'))))
    wait_for('the records dialog to close', lambda: not find(app, on_screen(
        lambda n: (n.get_name() or '').startswith('Imported 3 records'))), timeout=8)
    log('the file holds the 3 records')


if __name__ == '__main__':
    with open(CSV_PATH, 'wb') as f:
        f.write(CSV.encode('gb18030'))
    with open(RECORDS_PATH, 'w', encoding='utf-8') as f:
        f.write(RECORDS)
    os.environ['BANSHI_TEST_IMPORT_FILE'] = CSV_PATH
    os.environ['BANSHI_TEST_IMPORT_RECORDS_FILE'] = RECORDS_PATH
    ui.run = run
    status = ui.main()
    sys.exit(status)
