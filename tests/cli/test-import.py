#!/usr/bin/env python3
# test-import.py: banshi-cli import-items from the outside — a first import,
# a re-import that updates by code, a dry run and a malformed file that leave
# the catalogue file untouched, encodings and separators, --map, --json, and
# the Guangdong portal file when ../shared is there.
#
# Usage: test-import.py PATH-TO-BANSHI-CLI [unittest arguments…]
#
# SPDX-License-Identifier: GPL-3.0-or-later

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest

CLI = None
SHARED = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'shared')
GUANGDONG = os.path.join(SHARED, 'data', 'guangdong', 'policy.jsonl')

HEADER = ['事项编码', '事项名称', '实施机构', '事项类型', '法定办结时限', '承诺办结时限', '申请材料']
ROWS = [
    ['GD0001', '食品经营许可', '市场监督管理局', '行政许可', '20(工作日)', '即办',
     '1、营业执照\n2、身份证；健康证明'],
    ['GD0002', '户外招牌设置', '城市管理局', '其他行政权力', '30天', '10个工作日', '申请表、设计图'],
    ['GD0003', '消防安全检查', '消防救援支队', '行政许可', '无', '7(工作日)', '无'],
]


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


def quote(value, delimiter):
    if any(c in value for c in (delimiter, '"', '\n', '\r')):
        return '"' + value.replace('"', '""') + '"'
    return value


def csv_text(rows, delimiter=',', newline='\n', header=HEADER):
    lines = [delimiter.join(quote(v, delimiter) for v in row) for row in [header] + rows]
    return newline.join(lines) + newline


class ImportTestCase(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix='banshi-import-test-')
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)
        self.catalogue = self.path('items.banshi')
        self.assertRun(run('new', self.catalogue), 0)

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, text, encoding='utf-8'):
        path = self.path(name)
        with open(path, 'wb') as f:
            f.write(text.encode(encoding) if isinstance(text, str) else text)
        return path

    def assertRun(self, result, status):
        self.assertEqual(result.returncode, status,
                         f'exit {result.returncode}\nstdout: {result.stdout.decode(errors="replace")}\n'
                         f'stderr: {result.stderr.decode(errors="replace")}')
        return result

    def query(self, sql):
        db = sqlite3.connect(f'file:{self.catalogue}?mode=ro', uri=True)
        try:
            return db.execute(sql).fetchall()
        finally:
            db.close()

    def counts(self):
        return {table: self.query(f'SELECT count(*) FROM {table}')[0][0]
                for table in ('department', 'item', 'material')}

    def import_json(self, data, *options, status=0):
        result = self.assertRun(run('import-items', self.catalogue, data, '--json', *options), status)
        return json.loads(result.stdout.decode()) if status == 0 else result


class TestImportItems(ImportTestCase):
    def test_help(self):
        for args in (['import-items', '--help'], ['help', 'import-items']):
            result = self.assertRun(run(*args), 0)
            out = result.stdout.decode()
            self.assertIn('banshi-cli import-items', out)
            self.assertIn('--map', out)
            self.assertIn('--dry-run', out)

    def test_usage_errors(self):
        data = self.write('a.csv', csv_text(ROWS))
        self.assertRun(run('import-items', self.catalogue), 2)
        self.assertRun(run('import-items', self.catalogue, data, 'extra'), 2)
        result = self.assertRun(run('import-items', self.catalogue, data, '--encoding', 'latin1'), 2)
        self.assertIn('latin1', result.stderr.decode())
        result = self.assertRun(run('import-items', self.catalogue, data, '--delimiter', '|'), 2)
        self.assertIn('|', result.stderr.decode())
        self.assertEqual(self.counts(), {'department': 0, 'item': 0, 'material': 0})

    def test_import_and_reimport(self):
        data = self.write('a.csv', csv_text(ROWS))
        result = self.assertRun(run('import-items', self.catalogue, data), 0)
        out = result.stdout.decode()
        self.assertIn('Imported 3 new items, updated 0, skipped 0 rows.', out)
        self.assertIn('Created 3 departments; 5 materials listed.', out)
        self.assertEqual(self.counts(), {'department': 3, 'item': 3, 'material': 5})
        self.assertEqual(self.query("SELECT legal_limit, legal_limit_unit, committed_limit, handling "
                                    "FROM item WHERE code = 'GD0001'"),
                         [(20, 'working-days', 0, 'on-the-spot')])
        self.assertEqual(self.query("SELECT m.name FROM material m JOIN item i ON i.id = m.item_id "
                                    "WHERE i.code = 'GD0001' ORDER BY m.position"),
                         [('营业执照',), ('身份证',), ('健康证明',)])
        first_id = self.query("SELECT id FROM item WHERE code = 'GD0002'")[0][0]

        # Changed names, one new item, one material list changed: updated by code.
        rows = [list(r) for r in ROWS]
        rows[1][1] = '户外招牌设置（大型）'
        rows[1][6] = '申请表'
        rows.append(['GD0004', '新事项', '城市管理局', '公共服务', '5天', '无', '身份证'])
        data = self.write('b.csv', csv_text(rows))
        report = self.import_json(data)
        self.assertEqual((report['imported'], report['updated'], report['skipped']), (1, 3, 0))
        self.assertEqual(report['departments_created'], 0)
        self.assertEqual(self.counts(), {'department': 3, 'item': 4, 'material': 5})
        self.assertEqual(self.query("SELECT id, name FROM item WHERE code = 'GD0002'"),
                         [(first_id, '户外招牌设置（大型）')])

    def test_dry_run(self):
        data = self.write('a.csv', csv_text(ROWS))
        before = sha256(self.catalogue)
        result = self.assertRun(run('import-items', self.catalogue, data, '--dry-run'), 0)
        self.assertIn('Dry run', result.stdout.decode())
        self.assertIn('Imported 3 new items', result.stdout.decode())
        report = self.import_json(data, '--dry-run')
        self.assertTrue(report['dry_run'])
        self.assertEqual(report['imported'], 3)
        self.assertEqual(self.counts(), {'department': 0, 'item': 0, 'material': 0})
        self.assertEqual(sha256(self.catalogue), before)

    def test_malformed_changes_nothing(self):
        self.assertRun(run('import-items', self.catalogue, self.write('a.csv', csv_text(ROWS))), 0)
        before_counts = self.counts()
        before = sha256(self.catalogue)
        good = csv_text(ROWS + [[f'X{i}', f'事项{i}', '部门', '', '', '', ''] for i in range(100)])
        # The header, a row over two lines, two rows and 100 rows: line 106 next.
        cases = {
            'unterminated quote': (good + 'X999,"never closed,部门,,,,\n', 'Line 106:'),
            'text after a quote': (good + 'X999,"name"x,部门,,,,\n', 'Line 106:'),
            'NUL byte': (good.encode() + b'X999,a\x00b,c,,,,\n', 'Line 106:'),
            'invalid UTF-8': (good.encode() + b'X999,\xff\xfe,c,,,,\n', 'Line 106:'),
            'invalid GB18030': (good.encode('gb18030') + b'X999,\x81\x20,c,,,,\n', 'Line 106:'),
            'too many fields': (good + 'X999' + ',x' * 5000 + '\n', 'Line 106:'),
            'empty': ('', 'Line 1:'),
            'header only': (csv_text([]), 'Line 1:'),
        }
        for name, (text, line) in cases.items():
            with self.subTest(name=name):
                data = self.write('bad.csv', text)
                result = self.assertRun(run('import-items', self.catalogue, data), 1)
                err = result.stderr.decode()
                self.assertIn(line, err)
                self.assertIn('bad.csv', err)
                self.assertEqual(self.counts(), before_counts)
                self.assertEqual(sha256(self.catalogue), before)
        # UTF-8 forced on GB18030 text.
        data = self.write('gb.csv', csv_text(ROWS), encoding='gb18030')
        result = self.assertRun(run('import-items', self.catalogue, data, '--encoding', 'utf-8'), 1)
        self.assertIn('Line 1:', result.stderr.decode())
        self.assertEqual(sha256(self.catalogue), before)

    def test_encodings_and_separators(self):
        variants = {
            'gb18030.csv': (csv_text(ROWS, newline='\r\n').encode('gb18030'), []),
            'gb18030-forced.csv': (csv_text(ROWS).encode('gb18030'), ['--encoding', 'gb18030']),
            'bom.csv': (b'\xef\xbb\xbf' + csv_text(ROWS).encode(), []),
            'semicolon.csv': (csv_text(ROWS, delimiter=';').encode(), []),
            'tab.csv': (csv_text(ROWS, delimiter='\t').encode(), ['--delimiter', 'tab']),
            'items.jsonl': (''.join(json.dumps(dict(zip(HEADER, row)), ensure_ascii=False) + '\n'
                                    for row in ROWS).encode(), []),
        }
        reference = None
        for name, (data, options) in variants.items():
            with self.subTest(name=name):
                catalogue = self.path(f'{name}.banshi')
                self.assertRun(run('new', catalogue), 0)
                path = self.write(name, data)
                result = self.assertRun(run('import-items', catalogue, path, '--json', *options), 0)
                report = json.loads(result.stdout.decode())
                self.assertEqual(report['imported'], 3)
                exported = self.assertRun(run('export', catalogue), 0).stdout
                if reference is None:
                    reference = exported
                self.assertEqual(exported, reference)
        self.assertIn('GB18030'.encode(), json.dumps(
            self.import_json(self.write('g.csv', csv_text(ROWS).encode('gb18030')), '--dry-run')
        ).encode())

    def test_map(self):
        header = ['编号', '名目', '主管', '时间']
        data = self.write('odd.csv', csv_text([['M1', '证明开具', '街道办', '5天']], header=header))
        result = self.assertRun(run('import-items', self.catalogue, data), 1)
        self.assertIn('name', result.stderr.decode())
        result = self.assertRun(run('import-items', self.catalogue, data, '--map', '名目=name',
                                    '--map', 'nope=department'), 1)
        self.assertIn('nope', result.stderr.decode())
        result = self.assertRun(run('import-items', self.catalogue, data, '--map', '名目=bogus'), 1)
        self.assertIn('bogus', result.stderr.decode())
        self.assertEqual(self.counts()['item'], 0)
        report = self.import_json(data, '--map', '名目=name', '--map', '主管=实施机构',
                                  '-m', '4=legal-limit', '--map', '编号=code')
        self.assertEqual(report['imported'], 1)
        self.assertEqual(report['mapping'], {'编号': 'code', '名目': 'name', '主管': 'department',
                                             '时间': 'legal-limit'})
        self.assertEqual(self.query("SELECT name, legal_limit, legal_limit_unit FROM item "
                                    "WHERE code = 'M1'"), [('证明开具', 5, 'calendar-days')])

    def test_skips(self):
        rows = [
            ['S1', '好事项', '部门', '', '20(工作日)', '', ''],
            ['S2', '', '部门', '', '', '', ''],
            ['S3', '"多行\n名称"', '部门', '', '', '', ''],
            ['S4', '太久', '部门', '', '9999天', '', ''],
            ['S5', '怪类型', '部门', '魔法', '', '', ''],
        ]
        data = self.write('skips.csv', csv_text(rows))
        result = self.assertRun(run('import-items', self.catalogue, data), 0)
        out = result.stdout.decode()
        self.assertIn('Imported 2 new items, updated 0, skipped 3 rows.', out)
        self.assertIn('line 3: no name', out)
        self.assertIn('line 6: the statutory time limit “9999天” is out of range', out)
        self.assertIn('line 7: unknown item type “魔法”', out)
        report = self.import_json(data, '--dry-run')
        self.assertEqual([(s['line'], s['row']) for s in report['skips']], [(3, 2), (6, 4), (7, 5)])
        self.assertEqual(self.query("SELECT name FROM item WHERE code = 'S3'"), [('"多行\n名称"',)])

    @unittest.skipUnless(os.path.isfile(GUANGDONG), 'the Guangdong data (../shared) is absent')
    def test_guangdong(self):
        with open(GUANGDONG, encoding='utf-8') as f:
            items = [json.loads(line) for line in f if line.strip()]
        departments = {item['DEPT_NAME'] for item in items}
        materials = 0
        for item in items:
            value = item['material_intro']
            names = value if isinstance(value, list) else [value]
            materials += sum(1 for name in names if name.strip() not in ('', '无'))
        report = self.import_json(GUANGDONG)
        self.assertEqual(report['format'], 'jsonl')
        self.assertEqual((report['imported'], report['skipped']), (len(items), 0))
        self.assertEqual(self.counts(), {'department': len(departments), 'item': len(items),
                                         'material': materials})
        self.assertEqual(len(items), 2262)


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
