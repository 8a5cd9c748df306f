#!/usr/bin/env python3
# test-guide-demo.py: banshi-cli guide on the demo catalogue — the
# personalised guides of 开餐馆 for several applicants (their steps, key
# materials, “from step N”, follow-up questions and notes), every theme's
# questions, and answers the theme does not know.
#
# Usage: test-guide-demo.py PATH-TO-BANSHI-CLI [unittest arguments…]
# The demo is taken from $BANSHI_DEMO_JSON (set by tests/cli/meson.build).
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

CLI = None

NAME = '企业名称自主申报'
HEALTH = '从业人员预防性健康检查（健康证明）'
FIRE_FILING = '其他建设工程消防验收备案'
REGISTER = '企业设立登记'
FOOD = '食品经营许可（新办）'
FIRE_CHECK = '公众聚集场所投入使用、营业前消防安全检查'
SIGN = '户外招牌设施设置审批'
SEWAGE = '城镇污水排入排水管网许可'
TOBACCO = '烟草专卖零售许可证核发（新办）'

COMPANY_PAPERS = ['公司登记（备案）申请书', '公司章程', '股东的主体资格证明或自然人身份证明',
                  '法定代表人、董事、监事和经理的任职文件及身份证明']
INDIVIDUAL_PAPERS = ['个体工商户登记（备案）申请书', '经营者身份证明']
PREMISES = ['住所（经营场所）使用证明']
AGENT_PAPERS = ['授权委托书', '代理人身份证明']
COLD_PAPERS = ['冷食类、生食类食品制售操作流程', '专间平面布局图']
SASHIMI_PAPER = '生食类水产品原料来源证明'
DRINKS_PAPER = '自制饮品操作区布局及制作流程说明'
AGENT_NOTE = '代理人须携带本人居民身份证原件'


def environment():
    env = dict(os.environ)
    env['LC_ALL'] = 'C.UTF-8'
    env.pop('LANGUAGE', None)
    env.pop('LANG', None)
    return env


def run(*args):
    return subprocess.run([CLI, *args], capture_output=True, env=environment(), timeout=300)


class DemoGuideTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(os.environ['BANSHI_DEMO_JSON'], 'rb') as f:
            cls.document = json.load(f)
        cls.dir = tempfile.mkdtemp(prefix='banshi-guide-demo-')
        cls.catalogue = os.path.join(cls.dir, 'demo.banshi')
        result = run('demo', cls.catalogue)
        if result.returncode != 0:
            raise AssertionError(f'banshi-cli demo failed: {result.stderr.decode("utf-8", "replace")}')

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def assertRun(self, result, status):
        self.assertEqual(result.returncode, status,
                         f'exit {result.returncode}; stderr: {result.stderr.decode("utf-8", "replace")}')
        return result

    def guide(self, *answers, theme='open-restaurant'):
        args = [arg for answer in answers for arg in ('--answer', answer)]
        result = self.assertRun(run('guide', self.catalogue, '--theme', theme, *args, '--json'), 0)
        self.assertEqual(result.stderr, b'')
        return json.loads(result.stdout.decode('utf-8'))

    @staticmethod
    def step(guide, name):
        found = [s for s in guide['steps'] if s['name'] == name]
        if len(found) != 1:
            raise AssertionError(f'{name} is not a step of the guide once')
        return found[0]

    def materials(self, guide, name):
        return [m['name'] for m in self.step(guide, name)['materials']]

    def from_step(self, guide, name, material):
        found = [m for m in self.step(guide, name)['materials'] if m['name'] == material]
        self.assertEqual(len(found), 1, f'{name} has no material {material}')
        return found[0]['from_step']

    def assertSteps(self, guide, names):
        self.assertEqual([s['name'] for s in guide['steps']], names)
        self.assertEqual([s['number'] for s in guide['steps']], list(range(1, len(names) + 1)))
        codes = {i['name']: i['code'] for i in self.document['items']}
        self.assertEqual([s['item'] for s in guide['steps']], [codes[n] for n in names])
        self.assertEqual(guide['totals']['steps'], len(names))
        for step in guide['steps']:
            self.assertFalse(step['pending'], step['name'])
            for material in step['materials']:
                self.assertFalse(material['pending'], material['name'])

    def test_small_company(self):
        """A company applying itself; hot food in a small, unrenovated place; no
        sign, no cigarettes: the fewest steps."""
        guide = self.guide('applicant=self', 'operator=company', 'menu=hot', 'public-venue=no',
                           'renovation=no', 'signboard=no', 'tobacco=no')
        self.assertEqual(guide['unanswered'], [])
        self.assertEqual([q['code'] for q in guide['questions']],
                         ['applicant', 'operator', 'menu', 'public-venue', 'renovation', 'signboard',
                          'tobacco'])
        self.assertSteps(guide, [NAME, HEALTH, REGISTER, FOOD, SEWAGE])
        self.assertEqual(self.materials(guide, REGISTER), COMPANY_PAPERS + PREMISES)
        self.assertEqual(self.materials(guide, FOOD), [
            '食品经营许可申请书', '营业执照', '主要设备设施、经营布局、操作流程等文件',
            '保证食品安全的规章制度目录', '食品安全管理人员名单及从业人员健康证明'])
        self.assertEqual(self.from_step(guide, FOOD, '营业执照'), 3)
        self.assertEqual(self.from_step(guide, FOOD, '食品安全管理人员名单及从业人员健康证明'), 2)
        self.assertEqual(self.from_step(guide, SEWAGE, '营业执照'), 3)
        self.assertEqual(self.step(guide, FOOD)['prerequisites'], [2, 3])
        self.assertEqual(len(guide['notes']), 1)
        self.assertNotIn(AGENT_NOTE, ''.join(guide['notes']))
        self.assertIn('油烟净化', ''.join(self.step(guide, FOOD)['notes']))
        self.assertEqual(guide['totals']['stages'], 3)

    def test_agent_everything(self):
        """An agent for a 个体工商户: sashimi, a public venue, a sign and
        cigarettes — every step; the agent's papers wherever one applies."""
        guide = self.guide('applicant=agent', 'operator=individual', 'menu=hot', 'menu=raw',
                           'raw-seafood=yes', 'public-venue=yes', 'signboard=yes', 'tobacco=yes')
        self.assertEqual(guide['unanswered'], [])
        questions = [(q['code'], q['answer']) for q in guide['questions']]
        self.assertIn(('raw-seafood', ['yes']), questions)
        self.assertIn(('menu', ['hot', 'raw']), questions)
        self.assertNotIn('renovation', [code for code, _ in questions])
        self.assertSteps(guide, [NAME, HEALTH, FIRE_FILING, REGISTER, FOOD, FIRE_CHECK, SIGN, SEWAGE,
                                 TOBACCO])
        self.assertEqual(self.materials(guide, REGISTER), INDIVIDUAL_PAPERS + PREMISES + AGENT_PAPERS)
        food = self.materials(guide, FOOD)
        for name in COLD_PAPERS + [SASHIMI_PAPER] + AGENT_PAPERS:
            self.assertIn(name, food)
        self.assertNotIn(DRINKS_PAPER, food)
        self.assertEqual(food[-2:], AGENT_PAPERS)
        self.assertEqual(self.materials(guide, TOBACCO)[-2:], AGENT_PAPERS)
        self.assertNotIn('授权委托书', self.materials(guide, FIRE_CHECK))
        for name in [FOOD, FIRE_CHECK, SIGN, SEWAGE, TOBACCO]:
            self.assertEqual(self.from_step(guide, name, '营业执照'), 4, name)
        self.assertEqual(self.step(guide, FIRE_CHECK)['prerequisites'], [3, 4])
        self.assertEqual(self.from_step(guide, FIRE_CHECK,
                                        '建设工程消防验收备案凭证或特殊建设工程消防验收意见书'), 3)
        self.assertIn(AGENT_NOTE, ''.join(guide['notes']))
        self.assertIn('个体工商户名称', ''.join(self.step(guide, NAME)['notes']))
        self.assertIn('生食类水产品须在专间内加工', ''.join(self.step(guide, FOOD)['notes']))
        self.assertEqual(guide['totals']['departments'], 7)

    def test_cold_food_renovated(self):
        """A 个体工商户 applying itself; cold food and drinks in a renovated
        small shop with a sign: the filing without the fire check."""
        guide = self.guide('applicant=self', 'operator=individual', 'menu=cold', 'menu=drinks',
                           'public-venue=no', 'renovation=yes', 'signboard=yes', 'tobacco=no')
        self.assertEqual(guide['unanswered'], [])
        self.assertNotIn('raw-seafood', [q['code'] for q in guide['questions']])
        self.assertSteps(guide, [NAME, HEALTH, FIRE_FILING, REGISTER, FOOD, SIGN, SEWAGE])
        self.assertEqual(self.materials(guide, REGISTER), INDIVIDUAL_PAPERS + PREMISES)
        food = self.materials(guide, FOOD)
        for name in COLD_PAPERS + [DRINKS_PAPER]:
            self.assertIn(name, food)
        for name in [SASHIMI_PAPER] + AGENT_PAPERS:
            self.assertNotIn(name, food)
        self.assertEqual(self.from_step(guide, SIGN, '营业执照'), 4)
        self.assertNotIn(AGENT_NOTE, ''.join(guide['notes']))
        self.assertIn('专间', ''.join(self.step(guide, FOOD)['notes']))

    def test_agent_company_raw(self):
        """An agent for a company in a public venue, selling cigarettes and raw
        food but no sashimi."""
        guide = self.guide('applicant=agent', 'operator=company', 'menu=raw', 'raw-seafood=no',
                           'public-venue=yes', 'signboard=no', 'tobacco=yes')
        self.assertEqual(guide['unanswered'], [])
        self.assertSteps(guide, [NAME, HEALTH, FIRE_FILING, REGISTER, FOOD, FIRE_CHECK, SEWAGE, TOBACCO])
        self.assertEqual(self.materials(guide, REGISTER), COMPANY_PAPERS + PREMISES + AGENT_PAPERS)
        food = self.materials(guide, FOOD)
        for name in COLD_PAPERS + AGENT_PAPERS:
            self.assertIn(name, food)
        for name in [SASHIMI_PAPER, DRINKS_PAPER]:
            self.assertNotIn(name, food)
        self.assertNotIn('生食类水产品须在专间内加工', ''.join(self.step(guide, FOOD)['notes']))
        self.assertEqual(self.step(guide, NAME)['notes'], [])

    def test_unanswered(self):
        """Only the first answer: follow-ups not asked yet, the conditional
        steps and materials pending."""
        guide = self.guide('applicant=self')
        self.assertEqual(guide['unanswered'], ['operator', 'menu', 'public-venue', 'signboard', 'tobacco'])
        pending = {s['name']: s['pending'] for s in guide['steps']}
        self.assertEqual(pending, {NAME: False, HEALTH: False, FIRE_FILING: True, REGISTER: False,
                                   FOOD: False, FIRE_CHECK: True, SIGN: True, SEWAGE: False,
                                   TOBACCO: True})
        registration = {m['name']: m['pending'] for m in self.step(guide, REGISTER)['materials']}
        self.assertTrue(all(registration[name] for name in COMPANY_PAPERS + INDIVIDUAL_PAPERS))
        self.assertFalse(registration[PREMISES[0]])
        self.assertNotIn('授权委托书', registration)

    def test_text(self):
        args = ['--answer', 'applicant=agent', '--answer', 'operator=company', '--answer', 'menu=hot',
                '--answer', 'public-venue=no', '--answer', 'renovation=no', '--answer', 'signboard=no',
                '--answer', 'tobacco=yes']
        result = self.assertRun(run('guide', self.catalogue, '--theme', 'open-restaurant', *args), 0)
        out = result.stdout.decode('utf-8')
        self.assertIn('开餐馆 (open-restaurant)', out)
        self.assertIn('委托代理人办理', out)
        self.assertIn('营业执照 (Electronic, 1 copy, required) — from step 3', out)
        self.assertIn(TOBACCO, out)
        self.assertNotIn(FIRE_CHECK, out)
        self.assertIn(AGENT_NOTE, out)

    def test_every_theme_asks(self):
        """Each theme of the demo asks its questions: with no answers, the
        guide lists those not waiting for another answer."""
        for theme in self.document['themes']:
            with self.subTest(theme=theme['code']):
                self.assertTrue(theme['questions'])
                guide = self.guide(theme=theme['code'])
                self.assertEqual(guide['name'], theme['name'])
                self.assertEqual(guide['unanswered'],
                                 [q['question'] for q in theme['questions'] if not q['when']])
                self.assertEqual(len(guide['steps']), len(theme['items']))

    def test_unknown_answers(self):
        for answer, expected in [('applicant=robot', 'robot'), ('no-such-question=yes', 'no-such-question'),
                                 ('tobacco=maybe', 'maybe'), ('applicant', 'applicant')]:
            with self.subTest(answer=answer):
                result = self.assertRun(run('guide', self.catalogue, '--theme', 'open-restaurant',
                                            '--answer', answer, '--json'), 2)
                self.assertEqual(result.stdout, b'')
                self.assertIn(expected, result.stderr.decode('utf-8'))
        # A question another theme asks but this one does not.
        result = self.assertRun(run('guide', self.catalogue, '--theme', 'newborn',
                                    '--answer', 'tobacco=yes'), 2)
        self.assertIn('tobacco', result.stderr.decode('utf-8'))


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
