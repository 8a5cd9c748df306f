#!/usr/bin/env python3
# test-demand.py: banshi-cli's handling records from the outside —
# import-records, generate-records, demand and coverage.
#
# Usage: test-demand.py PATH-TO-BANSHI-CLI [unittest arguments…]
# The demo is taken from $BANSHI_DEMO_JSON (set by tests/cli/meson.build).
#
# SPDX-License-Identifier: GPL-3.0-or-later

import csv
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest
import zipfile

CLI = None
COMMANDS = ['import-records', 'generate-records', 'demand', 'coverage']


def environment():
    env = dict(os.environ)
    env['LC_ALL'] = 'C.UTF-8'
    env.pop('LANGUAGE', None)
    env.pop('LANG', None)
    return env


def run(*args, timeout=300):
    return subprocess.run([CLI, *args], capture_output=True, env=environment(), timeout=timeout)


def sha256(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


RECORDS = (
    '受理时间,事项编码,事项名称,申请人证件号,渠道,部门\n'
    '2024-03-05 10:22:01,{a},,110101199003077777,窗口,\n'
    '2024/3/6,,{b_name},110101199003077777,网上办理,\n'
    '2024-02-30,{a},,110101199003077777,窗口,\n'
    '2024-03-07,X999,不存在的事项,110101199003077777,窗口,\n'
    '2024-03-08,X999,不存在的事项,91440101MA5XXXXX1X,窗口,\n'
    '2024-03-09,{a},,,窗口,\n'
)


class TempDirTestCase(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix='banshi-demand-test-')
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.dir, name)

    def demo(self, name='demo.banshi'):
        path = self.path(name)
        result = run('import-json', os.environ['BANSHI_DEMO_JSON'], path)
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        return path

    def generated(self, name='gen.banshi', items='400'):
        path = self.path(name)
        result = run('generate', path, '--items', items, '--departments', '15', '--themes', '40',
                     '--seed', '3')
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        return path

    def two_items(self, catalogue):
        with sqlite3.connect(catalogue) as db:
            return db.execute('SELECT code, name FROM item ORDER BY id LIMIT 2').fetchall()


class TestHelp(unittest.TestCase):
    def test_listed_and_help(self):
        result = run('--help')
        self.assertEqual(result.returncode, 0)
        for command in COMMANDS:
            self.assertIn(command, result.stdout.decode())
            help_result = run(command, '--help')
            self.assertEqual(help_result.returncode, 0, command)
            self.assertIn(f'banshi-cli {command}', help_result.stdout.decode())

    def test_usage_errors(self):
        self.assertEqual(run('import-records', 'x.banshi').returncode, 2)
        self.assertEqual(run('demand').returncode, 2)
        self.assertEqual(run('demand', 'x.banshi', '--window', 'soon').returncode, 2)
        self.assertEqual(run('demand', 'x.banshi', '--window', '0').returncode, 2)
        self.assertEqual(run('demand', 'x.banshi', '--min-lift', '-1').returncode, 2)
        self.assertEqual(run('generate-records', 'x.banshi', '--count', '-5').returncode, 2)
        self.assertEqual(run('import-records', 'x.banshi', 'd.csv', '--encoding', 'latin1').returncode, 2)
        self.assertEqual(run('coverage', 'x.banshi', '-o', 'out.pdf').returncode, 2)


class TestImportRecords(TempDirTestCase):
    def test_import(self):
        catalogue = self.demo()
        (a, _), (_, b_name) = self.two_items(catalogue)
        data = self.path('records.csv')
        with open(data, 'w', encoding='utf-8') as f:
            f.write(RECORDS.format(a=a, b_name=b_name))
        result = run('import-records', catalogue, data, '--json')
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        report = json.loads(result.stdout)
        self.assertEqual(report['rows'], 6)
        self.assertEqual(report['imported'], 2)
        self.assertEqual(report['unknown'], 2)
        self.assertEqual(report['bad'], 2)
        self.assertEqual(report['encoding'], 'UTF-8')
        self.assertEqual([p['line'] for p in report['problems']], [4, 7])
        self.assertEqual(report['unknown_items'], [{'item': 'X999 不存在的事项', 'rows': 2}])
        self.assertEqual(report['first_day'], '2024-03-05')
        self.assertEqual(report['last_day'], '2024-03-06')

        # The file: two records, no raw key anywhere in its bytes.
        with sqlite3.connect(catalogue) as db:
            self.assertEqual(db.execute('SELECT count(*) FROM record').fetchone()[0], 2)
            self.assertEqual(db.execute('SELECT count(DISTINCT applicant) FROM record').fetchone()[0], 1)
            self.assertEqual(db.execute('PRAGMA user_version').fetchone()[0], 5)
        with open(catalogue, 'rb') as f:
            contents = f.read()
        self.assertNotIn('110101199003077777'.encode(), contents)

        # Text: the lines of the skipped rows
        result = run('import-records', catalogue, data)
        self.assertEqual(result.returncode, 0)
        text = result.stdout.decode()
        self.assertIn('Imported: 2', text)
        self.assertIn('Line 4: “2024-02-30” is not a day', text)
        self.assertIn('Line 7: No applicant', text)
        self.assertIn('X999 不存在的事项: 2 rows', text)

    def test_gb18030(self):
        catalogue = self.demo()
        (a, _), (_, b_name) = self.two_items(catalogue)
        data = self.path('records-gbk.csv')
        with open(data, 'w', encoding='gb18030') as f:
            f.write(RECORDS.format(a=a, b_name=b_name).replace(',', ';'))
        result = run('import-records', catalogue, data, '--json')
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        report = json.loads(result.stdout)
        self.assertEqual(report['encoding'], 'GB18030')
        self.assertEqual(report['imported'], 2)

    def test_bad_file_changes_nothing(self):
        catalogue = self.demo()
        before = sha256(catalogue)
        data = self.path('bad.csv')
        with open(data, 'w', encoding='utf-8') as f:
            f.write('日期,事项编码\n2024-03-05,A\n')
        result = run('import-records', catalogue, data)
        self.assertEqual(result.returncode, 1)
        self.assertIn('bad.csv', result.stderr.decode())
        self.assertIn('申请人', result.stderr.decode())
        rows = ['办件日期,事项名称,申请人'] + [f'2024-01-{1 + i % 28:02d},事项,人{i}' for i in range(5000)]
        with open(data, 'w', encoding='utf-8') as f:
            f.write('\n'.join(rows) + '\n2024-02-01,"事项,人\n')
        result = run('import-records', catalogue, data)
        self.assertEqual(result.returncode, 1)
        self.assertIn('5002', result.stderr.decode())
        self.assertEqual(sha256(catalogue), before)
        result = run('import-records', catalogue, self.path('missing.csv'))
        self.assertEqual(result.returncode, 1)
        self.assertEqual(sha256(catalogue), before)


class TestGenerateAndDemand(TempDirTestCase):
    def test_planted_bundles_suggested(self):
        catalogue = self.generated()
        result = run('generate-records', catalogue, '--count', '60000', '--seed', '5', '--json')
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        planted = json.loads(result.stdout)
        self.assertEqual(planted['records'], 60000)
        self.assertEqual(len(planted['bundles']), 5)
        for bundle in planted['bundles']:
            self.assertGreaterEqual(len(bundle['items']), 2)
            self.assertLessEqual(len(bundle['items']), 6)
            self.assertFalse(bundle['covered'])

        result = run('demand', catalogue, '--json', '--top', '5')
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        demand = json.loads(result.stdout)
        self.assertEqual(demand['records'], 60000)
        self.assertEqual(len(demand['items']), 5)
        self.assertEqual(len(demand['items'][0]['monthly']), len(demand['months']))
        self.assertEqual(sum(demand['items'][0]['monthly']), demand['items'][0]['records'])
        suggested = [sorted(i['code'] for i in b['items']) for b in demand['bundles'] if b['suggested']]
        for bundle in planted['bundles']:
            self.assertIn(sorted(i['code'] for i in bundle['items']), suggested[:5])
        for bundle in demand['bundles']:
            self.assertIn('items are handled together by', bundle['summary'])

        # The volumes against the file
        with sqlite3.connect(catalogue) as db:
            top = db.execute('SELECT item.code, count(*) AS n FROM record JOIN item ON item.id = record.item_id '
                             'GROUP BY item.id ORDER BY n DESC, item.code LIMIT 1').fetchone()
            themed = db.execute('SELECT count(*) FROM record WHERE item_id IN '
                                '(SELECT item_id FROM theme_item)').fetchone()[0]
        self.assertEqual((demand['items'][0]['code'], demand['items'][0]['records']), top)
        self.assertEqual(demand['themed_records'], themed)

        # The same seed, the same records (the salt aside); the text form
        again = self.generated('again.banshi')
        csv_path = self.path('again.csv')
        result = run('generate-records', again, '--count', '60000', '--seed', '5', '--csv', csv_path)
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        self.assertIn('Planted bundle 1:', result.stdout.decode())
        with sqlite3.connect(again) as db:
            self.assertEqual(db.execute('SELECT count(*) FROM record').fetchone()[0], 0)
        result = run('import-records', again, csv_path, '--json')
        self.assertEqual(json.loads(result.stdout)['imported'], 60000)
        result = run('demand', again, '--top', '3')
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        text = result.stdout.decode()
        self.assertIn('Suggested themes:', text)
        self.assertIn('no theme covers them', text)
        with sqlite3.connect(catalogue) as a, sqlite3.connect(again) as b:
            query = 'SELECT day, item_id, channel_id FROM record ORDER BY id'
            self.assertEqual(a.execute(query).fetchall(), b.execute(query).fetchall())

    def test_planted_bundles_on_the_demo(self):
        # A small catalogue (74 items) whose popular items would make any
        # pair of them look handled together: the planted bundles still come
        # out exactly, and first; no day gets a pile of records.
        for seed in ('1', '2'):
            catalogue = self.demo('demo-%s.banshi' % seed)
            result = run('generate-records', catalogue, '--count', '20000', '--seed', seed, '--json')
            self.assertEqual(result.returncode, 0, result.stderr.decode())
            planted = [sorted(i['code'] for i in b['items']) for b in json.loads(result.stdout)['bundles']]
            demand = json.loads(run('demand', catalogue, '--json').stdout)
            suggested = [sorted(i['code'] for i in b['items']) for b in demand['bundles'] if b['suggested']]
            self.assertEqual(sorted(planted), sorted(suggested[:len(planted)]))
            with sqlite3.connect(catalogue) as db:
                busiest = db.execute('SELECT count(*) AS n FROM record GROUP BY day ORDER BY n DESC LIMIT 1').fetchone()[0]
            self.assertLess(busiest, 20000 / 730 * 4)

    def test_period_and_window(self):
        catalogue = self.generated()
        self.assertEqual(run('generate-records', catalogue, '--count', '5000', '--seed', '1').returncode, 0)
        info = json.loads(run('info', catalogue, '--json').stdout)
        self.assertEqual(info['handling_records'], 5000)
        result = run('demand', catalogue, '--json', '--from', '2024-03-01', '--to', '2024-03-31',
                     '--window', '30')
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        demand = json.loads(result.stdout)
        self.assertEqual(demand['months'], ['2024-03'])
        self.assertEqual(demand['window_days'], 30)
        with sqlite3.connect(catalogue) as db:
            low = db.execute("SELECT CAST(julianday('2024-03-01') - julianday('1970-01-01') AS INTEGER)").fetchone()[0]
            count = db.execute('SELECT count(*) FROM record WHERE day BETWEEN ? AND ?', (low, low + 30)).fetchone()[0]
        self.assertEqual(demand['records'], count)
        result = run('demand', catalogue, '--from', '2024-04-01', '--to', '2024-03-01')
        self.assertEqual(result.returncode, 1)
        result = run('demand', catalogue, '--from', '2024-02-30')
        self.assertEqual(result.returncode, 1)

    def test_too_few_items(self):
        catalogue = self.path('empty.banshi')
        self.assertEqual(run('new', catalogue).returncode, 0)
        result = run('generate-records', catalogue, '--count', '10')
        self.assertEqual(result.returncode, 1)
        self.assertIn('items', result.stderr.decode())
        result = run('demand', catalogue)
        self.assertEqual(result.returncode, 0)
        self.assertIn('No handling records', result.stdout.decode())


class TestCoverage(TempDirTestCase):
    def test_demo(self):
        catalogue = self.demo()
        result = run('coverage', catalogue, '--json')
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        coverage = json.loads(result.stdout)
        with sqlite3.connect(catalogue) as db:
            departments = db.execute('SELECT code FROM department ORDER BY name, code').fetchall()
            themes = db.execute('SELECT code FROM theme ORDER BY position, name, code').fetchall()
            cells = dict(((d, t), n) for d, t, n in db.execute(
                'SELECT d.code, t.code, count(*) FROM theme_item ti JOIN item i ON i.id = ti.item_id '
                'JOIN department d ON d.id = i.department_id JOIN theme t ON t.id = ti.theme_id '
                'GROUP BY d.code, t.code'))
            uncovered = db.execute('SELECT count(*) FROM item WHERE id NOT IN '
                                   '(SELECT item_id FROM theme_item)').fetchone()[0]
        self.assertEqual([d['code'] for d in coverage['departments']], [d for d, in departments])
        self.assertEqual([t['code'] for t in coverage['themes']], [t for t, in themes])
        for department in coverage['departments']:
            for theme, count in zip(coverage['themes'], department['matrix']):
                self.assertEqual(count, cells.get((department['code'], theme['code']), 0))
            self.assertEqual(department['themes'],
                             [t['code'] for t, n in zip(coverage['themes'], department['matrix']) if n])
        self.assertEqual(len(coverage['uncovered']), uncovered)

        # CSV: BOM, CRLF, a row per department
        out = self.path('coverage.csv')
        self.assertEqual(run('coverage', catalogue, '-o', out).returncode, 0)
        with open(out, 'rb') as f:
            data = f.read()
        self.assertTrue(data.startswith(b'\xef\xbb\xbf'))
        self.assertNotIn(b'\n', data.replace(b'\r\n', b''))
        rows = list(csv.reader(io.StringIO(data[3:].decode('utf-8'), newline='')))
        self.assertEqual(len(rows), len(departments) + 1)
        self.assertEqual(len(rows[0]), 4 + len(themes))
        # The uncovered items and the workbook
        out = self.path('uncovered.csv')
        self.assertEqual(run('coverage', catalogue, '-o', out, '--format', 'csv-uncovered').returncode, 0)
        with open(out, encoding='utf-8-sig', newline='') as f:
            self.assertEqual(len(list(csv.reader(f))), uncovered + 1)
        out = self.path('coverage.xlsx')
        result = run('coverage', catalogue, '-o', out)
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        with zipfile.ZipFile(out) as workbook:
            names = workbook.namelist()
            self.assertIn('xl/worksheets/sheet3.xml', names)
        # Never over the catalogue
        before = sha256(catalogue)
        self.assertEqual(run('coverage', catalogue, '-o', catalogue, '--format', 'csv').returncode, 1)
        self.assertEqual(sha256(catalogue), before)

    def test_uncovered_by_demand(self):
        catalogue = self.generated()
        self.assertEqual(run('generate-records', catalogue, '--count', '20000', '--seed', '2').returncode, 0)
        result = run('coverage', catalogue, '--json')
        coverage = json.loads(result.stdout)
        demands = [item['records'] for item in coverage['uncovered']]
        self.assertEqual(demands, sorted(demands, reverse=True))
        self.assertGreater(demands[0], 0)
        with sqlite3.connect(catalogue) as db:
            first = coverage['uncovered'][0]
            self.assertEqual(db.execute('SELECT count(*) FROM record JOIN item ON item.id = record.item_id '
                                        'WHERE item.code = ?', (first['code'],)).fetchone()[0], first['records'])
        text = run('coverage', catalogue, '--top', '2').stdout.decode()
        self.assertIn('Items in no theme, the most handled first:', text)
        self.assertIn(f"{first['code']} {first['name']}", text)


def main():
    global CLI
    if len(sys.argv) < 2:
        print(f'usage: {sys.argv[0]} PATH-TO-BANSHI-CLI [unittest arguments…]', file=sys.stderr)
        return 2
    CLI = os.path.abspath(sys.argv[1])
    program = unittest.main(argv=[sys.argv[0]] + sys.argv[2:], exit=False, verbosity=2)
    return 0 if program.result.wasSuccessful() else 1


if __name__ == '__main__':
    sys.exit(main())
