#!/usr/bin/env python3
# bench-gui.py: the GUI's benchmark figures on a catalogue at scale.
#
#   bench-gui.py BANSHI BANSHI-CLI DEMO-JSON [RUNS]
#
# Generates a 20,000-item / 100-department / 2,000-theme catalogue with
# `banshi-cli generate`, then starts `banshi` on it RUNS times (default 5)
# and prints the median time from main() to the first frame (the program's
# "startup: first frame after … ms" debug line, target ≤ 500 ms), and the
# median time to filter the list of all items by a 2-character Chinese
# query (BANSHI_BENCH_FILTER, target ≤ 16 ms). The reference, measured in
# the same run, is the same program on the 74-item demo catalogue. Needs a
# display (xvfb-run) and exits 77 without one.
#
# Under Xvfb there is no GPU: GTK's GL renderer runs on Mesa's software
# rasteriser, whose shader compiler alone costs ~150 ms at startup. The
# figures are taken with GSK_RENDERER=cairo unless the caller sets it.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import statistics
import subprocess
import sys
import tempfile

QUERIES = '营业,许可,医疗,经营,备案,登记,变更,注销,药品,食品,卫生,建设,企业,个人,证明'


def main():
    if len(sys.argv) < 4:
        print('usage: bench-gui.py BANSHI BANSHI-CLI DEMO-JSON [RUNS]', file=sys.stderr)
        return 2
    if not os.environ.get('DISPLAY'):
        print('bench-gui: SKIP: no display (run under xvfb-run)')
        return 77
    banshi, cli, demo_json = sys.argv[1], sys.argv[2], sys.argv[3]
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 5

    with tempfile.TemporaryDirectory(prefix='banshi-bench-') as home:
        catalogue = os.path.join(home, 'big.banshi')
        subprocess.run([cli, 'generate', catalogue, '--items', '20000', '--departments', '100',
                        '--themes', '2000', '--seed', '1'], check=True, stdout=subprocess.DEVNULL)
        demo = os.path.join(home, 'demo.banshi')
        subprocess.run([cli, 'import-json', demo_json, demo], check=True, stdout=subprocess.DEVNULL)
        env = dict(os.environ)
        env.setdefault('GSK_RENDERER', 'cairo')
        env.update({
            'XDG_DATA_HOME': os.path.join(home, 'data'),
            'XDG_CONFIG_HOME': os.path.join(home, 'config'),
            'GSETTINGS_BACKEND': 'memory',
            'G_MESSAGES_DEBUG': 'Banshi',
        })

        big = measure(banshi, catalogue, env, runs)
        small = measure(banshi, demo, env, runs)
        if big is None or small is None:
            return 1
        gl = measure(banshi, catalogue, dict(env, GSK_RENDERER='gl'), 1, with_filter=False)

    print('GUI (renderer %s), catalogue of 20,000 items, 100 departments, 2,000 themes;'
          % env['GSK_RENDERER'])
    print('reference: the same program on the demo catalogue (74 items), same run')
    for step, values in big['steps'].items():
        print('  %-28s median %7.1f ms' % (step, statistics.median(values)))
    print('GUI cold start to first frame: median %.1f ms over %d runs (target ≤ 500 ms); '
          'reference %.1f ms, ratio %.2f'
          % (big['startup'], runs, small['startup'], big['startup'] / small['startup']))
    if gl is not None:
        print('  (with the GL renderer on Xvfb\'s software rasteriser: %.1f ms, one run)' % gl['startup'])
    print('Filter the item list by a 2-character query: median %.2f ms over %d queries (target ≤ 16 ms); '
          'reference %.2f ms, ratio %.1f'
          % (big['filter'], big['queries'], small['filter'], big['filter'] / max(small['filter'], 0.01)))
    return 0


def measure(banshi, catalogue, env, runs, with_filter=True):
    startup, steps = [], {}
    for _ in range(runs):
        out = subprocess.run([banshi, catalogue], env=dict(env, BANSHI_QUIT_AFTER_FIRST_FRAME='1'),
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120).stdout
        match = re.search(r'startup: first frame after ([0-9.]+) ms', out)
        if match is None:
            print(out[-2000:], file=sys.stderr)
            print('bench-gui: no startup timing line', file=sys.stderr)
            return None
        startup.append(float(match.group(1)))
        for step, ms in re.findall(r'startup: (.+) at ([0-9.]+) ms', out):
            steps.setdefault(step, []).append(float(ms))
    result = {'startup': statistics.median(startup), 'steps': steps}
    if not with_filter:
        return result

    out = subprocess.run([banshi, catalogue], env=dict(env, BANSHI_BENCH_FILTER=QUERIES),
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300).stdout
    match = re.search(r'bench: filter median ([0-9.]+) ms over (\d+) queries', out)
    if match is None:
        print(out[-2000:], file=sys.stderr)
        print('bench-gui: no filter timing line', file=sys.stderr)
        return None
    result['filter'] = float(match.group(1))
    result['queries'] = int(match.group(2))
    return result


if __name__ == '__main__':
    sys.exit(main())
