/* bs-generate.c: reproducible synthetic catalogues at scale (benchmarks)
 *
 * Everything random comes from one splitmix64 stream seeded by the options,
 * never from g_random (whose sequence GLib does not promise to keep), so a
 * seed gives the same catalogue on every machine and every GLib. The rows
 * are written with cached INSERT statements inside one edit: the per-entity
 * API reads back and checks each row, which is needless work for data made
 * here and several times slower at 20,000 items.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bs-enums.h"
#include "bs-generate.h"

/* Limits that keep codes in their fixed-width form and runs finite. */
#define MAX_ITEMS       1000000
#define MAX_DEPARTMENTS 9999
#define MAX_THEMES      100000
#define MAX_MATERIALS   6
#define MIN_THEME_ITEMS 3
#define MAX_THEME_ITEMS 12
#define BIG_THEME_ITEMS 200

/* ------------------------------------------------------------------ */
/* The random stream */

typedef struct
{
  guint64 state;
} Rng;

static guint64
rng_next (Rng *rng)
{
  guint64 z = (rng->state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

/* Uniform in [0, n); n > 0. The modulo bias is below 2^-40 for our n. */
static guint
rng_below (Rng   *rng,
           guint  n)
{
  return (guint) (rng_next (rng) % n);
}

/* Uniform in [lo, hi]. */
static guint
rng_range (Rng   *rng,
           guint  lo,
           guint  hi)
{
  return lo + rng_below (rng, hi - lo + 1);
}

/* TRUE with probability percent/100. */
static gboolean
rng_chance (Rng   *rng,
            guint  percent)
{
  return rng_below (rng, 100) < percent;
}

#define PICK(rng, array) ((array)[rng_below ((rng), G_N_ELEMENTS (array))])

/* ------------------------------------------------------------------ */
/* The parts names are made of */

typedef struct
{
  const char *name;      /* 市场监督管理局 */
  const char *abbrev;    /* code stem, from the pinyin initials */
  const char *law;       /* the law most of its items rest on */
  const char *objects[8];
  const char *kinds[5];
} Domain;

/* Each domain's objects and the kinds of decision it makes on them; an item
 * name is object + kind + variant, e.g. 食品经营 + 许可 + （新办）. */
static const Domain domains[] = {
  { "市场监督管理局", "scjgj", "《中华人民共和国行政许可法》",
    { "食品经营", "食品生产", "特种设备使用", "食品小作坊", "计量器具型式", "工业产品生产", "药品零售", "医疗器械经营" },
    { "许可", "登记", "备案", "许可证核发", NULL } },
  { "卫生健康委员会", "wsjkw", "《公共场所卫生管理条例》",
    { "公共场所卫生", "医疗机构执业", "放射诊疗", "母婴保健技术服务", "消毒产品生产企业卫生", "集中式供水单位卫生", "医师执业", "护士执业" },
    { "许可", "登记", "注册", "审批", NULL } },
  { "住房和城乡建设局", "zjj", "《中华人民共和国建筑法》",
    { "建筑工程施工", "商品房预售", "建设工程消防设计", "建设工程竣工验收消防", "城市建筑垃圾处置", "房屋建筑工程竣工验收", "建筑业企业资质", "燃气经营" },
    { "许可", "许可证核发", "审查", "备案", "验收" } },
  { "公安局", "gaj", "《中华人民共和国治安管理处罚法》",
    { "居民身份证", "户口迁移", "旅馆业特种行业", "公章刻制业特种行业", "大型群众性活动安全", "犬只", "机动车驾驶证", "出入境证件" },
    { "许可", "登记", "核发", "审批", "办理" } },
  { "消防救援支队", "xfzd", "《中华人民共和国消防法》",
    { "公众聚集场所投入使用、营业前消防安全", "建设工程消防", "大型焰火燃放活动", "消防产品", NULL, NULL, NULL, NULL },
    { "检查", "许可", "审批", "备案", NULL } },
  { "生态环境局", "sthjj", "《中华人民共和国环境影响评价法》",
    { "建设项目环境影响报告书", "建设项目环境影响登记表", "排污", "危险废物经营", "辐射安全", "入河排污口设置", NULL, NULL },
    { "审批", "许可证核发", "备案", "登记", NULL } },
  { "城市管理局", "cgj", "《城市市容和环境卫生管理条例》",
    { "户外招牌设置", "城镇污水排入排水管网", "临时占用城市道路", "城市绿地占用", "挖掘城市道路", "建筑垃圾运输", "户外广告设施设置", "树木砍伐" },
    { "许可", "审批", "许可证核发", "备案", NULL } },
  { "烟草专卖局", "ycj", "《中华人民共和国烟草专卖法》",
    { "烟草专卖零售", "烟草专卖批发企业", "电子烟零售", NULL, NULL, NULL, NULL, NULL },
    { "许可", "许可证核发", "许可证延续", NULL, NULL } },
  { "人力资源和社会保障局", "rsj", "《中华人民共和国社会保险法》",
    { "社会保障卡", "失业保险金", "职业技能等级", "劳务派遣经营", "人力资源服务", "企业职工养老保险", "创业担保贷款", "就业登记" },
    { "申领", "核发", "许可", "备案", "认定" } },
  { "民政局", "mzj", "《中华人民共和国民法典》",
    { "婚姻", "社会团体", "民办非企业单位", "养老机构", "最低生活保障", "殡葬服务", "收养", "残疾人两项补贴" },
    { "登记", "备案", "审批", "认定", "给付" } },
  { "教育局", "jyj", "《中华人民共和国民办教育促进法》",
    { "民办学校办学", "校外培训机构", "教师资格", "中小学生学籍", "义务教育入学", NULL, NULL, NULL },
    { "许可", "认定", "审批", "登记", NULL } },
  { "交通运输局", "jtj", "《中华人民共和国道路运输条例》",
    { "道路旅客运输经营", "道路货物运输经营", "机动车维修经营", "出租汽车经营", "网络预约出租汽车运输证", "公路超限运输", "机动车驾驶员培训", NULL },
    { "许可", "备案", "核发", "审批", NULL } },
  { "自然资源和规划局", "zrzyj", "《中华人民共和国土地管理法》",
    { "建设用地规划", "建设工程规划", "不动产", "乡村建设规划", "临时用地", "测绘资质", "采矿权", NULL },
    { "许可", "登记", "审批", "核发", NULL } },
  { "文化广电旅游局", "wglj", "《娱乐场所管理条例》",
    { "娱乐场所经营", "互联网上网服务营业场所", "营业性演出", "旅行社设立", "出版物零售", "艺术品经营单位", "电影放映单位设立", NULL },
    { "许可", "备案", "审批", "登记", NULL } },
  { "税务局", "swj", "《中华人民共和国税收征收管理法》",
    { "税务", "发票领用", "增值税一般纳税人", "跨区域涉税事项", "个人所得税专项附加扣除", "纳税", NULL, NULL },
    { "登记", "核定", "报告", "证明", "备案" } },
  { "农业农村局", "nyj", "《中华人民共和国农产品质量安全法》",
    { "农药经营", "兽药经营", "种子生产经营", "动物防疫条件", "渔业捕捞", "农作物种子质量检验机构", "肥料", "生猪定点屠宰" },
    { "许可", "许可证核发", "审批", "登记", "备案" } },
  { "水务局", "swuj", "《中华人民共和国水法》",
    { "取水", "河道管理范围内建设项目", "生产建设项目水土保持方案", "城市供水", "排水", NULL, NULL, NULL },
    { "许可", "审批", "备案", "许可证核发", NULL } },
  { "应急管理局", "yjglj", "《中华人民共和国安全生产法》",
    { "危险化学品经营", "烟花爆竹经营（零售）", "非煤矿山安全生产", "危险化学品安全使用", "生产安全事故应急预案", NULL, NULL, NULL },
    { "许可", "许可证核发", "备案", "审查", NULL } },
  { "医疗保障局", "ybj", "《中华人民共和国社会保险法》",
    { "基本医疗保险参保", "医疗费用", "异地就医", "定点医药机构", "生育保险待遇", "门诊慢特病待遇", NULL, NULL },
    { "登记", "报销", "备案", "认定", "申领" } },
  { "退役军人事务局", "tyjrj", "《中华人民共和国退役军人保障法》",
    { "退役军人优待证", "伤残抚恤", "退役士兵自主就业", "烈士褒扬金", NULL, NULL, NULL, NULL },
    { "申领", "认定", "给付", "审批", NULL } },
  { "发展和改革委员会", "fgw", "《企业投资项目核准和备案管理条例》",
    { "企业投资项目", "固定资产投资项目节能", "政府投资项目", "粮食收购", NULL, NULL, NULL, NULL },
    { "核准", "备案", "审查", "审批", NULL } },
  { "商务局", "swuju", "《中华人民共和国对外贸易法》",
    { "对外贸易经营者", "外商投资企业", "单用途商业预付卡", "成品油零售经营", "报废机动车回收拆解企业资格", NULL, NULL, NULL },
    { "备案", "登记", "许可", "认定", NULL } },
  { "林业局", "lyj", "《中华人民共和国森林法》",
    { "林木采伐", "使用林地", "野生动物人工繁育", "林草种子生产经营", "植物检疫", NULL, NULL, NULL },
    { "许可", "许可证核发", "审批", "审核", NULL } },
  { "气象局", "qxj", "《中华人民共和国气象法》",
    { "升放无人驾驶自由气球", "雷电防护装置设计", "雷电防护装置竣工", "施放气球单位资质", NULL, NULL, NULL, NULL },
    { "审批", "审核", "验收", "认定", NULL } },
  { "残疾人联合会", "cl", "《中华人民共和国残疾人保障法》",
    { "残疾人证", "残疾人就业保障金", "残疾人辅助器具", "重度残疾人护理补贴", NULL, NULL, NULL, NULL },
    { "核发", "申领", "认定", "给付", NULL } },
  { "司法局", "sfj", "《中华人民共和国律师法》",
    { "律师执业", "公证员执业", "基层法律服务工作者执业", "法律援助", "司法鉴定人执业", NULL, NULL, NULL },
    { "许可", "核准", "审批", "登记", NULL } },
  { "科学技术局", "kjj", "《中华人民共和国科学技术进步法》",
    { "高新技术企业", "科技型中小企业", "技术合同", "外国人来华工作", NULL, NULL, NULL, NULL },
    { "认定", "登记", "许可", "备案", NULL } },
  { "统计局", "tjj", "《中华人民共和国统计法》",
    { "涉外调查机构资格", "统计调查项目", "统计登记", NULL, NULL, NULL, NULL, NULL },
    { "认定", "审批", "办理", NULL, NULL } },
  { "档案馆", "dag", "《中华人民共和国档案法》",
    { "档案查阅", "婚姻档案", "知青档案", NULL, NULL, NULL, NULL, NULL },
    { "证明", "办理", "利用", NULL, NULL } },
  { "住房公积金管理中心", "gjj", "《住房公积金管理条例》",
    { "住房公积金缴存", "住房公积金提取", "住房公积金贷款", "住房公积金单位", NULL, NULL, NULL, NULL },
    { "登记", "审批", "办理", "证明", NULL } },
};

/* Distinct, so that distinct combinations give distinct names. */
static const char *variants[] = {
  "", "（新办）", "（变更）", "（延续）", "（注销）", "（补证）",
};

static const char *cities[] = {
  "临江市", "清河市", "云岭市", "南湖市", "青川市", "汇泉市", "石桥市", "东平市",
};

static const char *districts[] = {
  "东城区", "西城区", "南湖区", "北山区", "高新区", "经开区", "滨江区", "新城区",
  "江北区", "临港区", "城关区", "河西区",
};

static const char *ordinals[] = {
  "二", "三", "四", "五", "六", "七", "八", "九", "十",
};

static const char *material_names[] = {
  "申请书", "营业执照", "法定代表人身份证明", "经办人身份证件", "授权委托书",
  "经营场所使用证明", "场所平面布局图", "从业人员健康证明", "设备设施清单",
  "管理制度文本", "章程", "验资报告", "检测报告", "承诺书", "原证件",
  "房屋租赁合同", "不动产权证书", "技术人员资格证书", "环境影响评价文件", "现场照片",
};

static const char *material_notes[] = {
  "", "", "", "加盖单位公章", "A4纸打印", "复印件需注明“与原件一致”", "有效期内",
  "可通过电子证照库调取，免于提交",
};

static const char *articles[] = {
  "第十二条", "第十五条", "第二十条", "第二十九条", "第三十五条", "第四十一条", "第五十二条", "第六十条",
};

/* Theme categories: code, name, index of the parent or -1. Parents first. */
static const struct
{
  const char *code;
  const char *name;
  int parent;
} categories[] = {
  { "zyzb", "准营准办", -1 },
  { "grsh", "个人生活", -1 },
  { "qysm", "企业生命周期", -1 },
  { "gcjs", "工程建设", -1 },
  { "cyzs", "餐饮住宿", 0 },
  { "ylws", "医疗卫生", 0 },
  { "whyl", "文化娱乐", 0 },
  { "sylz", "生育落户", 1 },
  { "jycy", "就业创业", 1 },
  { "ylsh", "养老社保", 1 },
  { "kbzx", "开办注销", 2 },
  { "xmsp", "项目审批", 3 },
};

/* Themes: a business to open (开 + shop) or a life or company event. */
static const char *shops[] = {
  "餐馆", "药店", "理发店", "便利店", "书店", "健身房", "幼儿托育机构", "网吧", "宾馆", "茶馆",
  "面包房", "花店", "洗衣店", "眼镜店", "宠物医院", "培训学校", "电影院", "歌舞厅", "诊所", "超市",
  "美容店", "民宿", "烟酒店", "水果店", "奶茶店", "文具店", "五金店", "汽车修理厂", "加油站", "养老院",
};

static const char *events[] = {
  "新生儿出生", "入学", "毕业生就业", "退休", "军人退役", "结婚登记", "二手房转移登记及水电气联动过户",
  "企业开办", "企业注销", "企业变更", "社会保障卡申领", "残疾人服务", "公民身后", "异地就医",
  "灵活就业", "小微企业融资", "工程建设项目审批", "员工招聘", "企业上市合法合规信息核查", "户籍迁移",
};

static const char *limit_units[] = { "working-days", "working-days", "working-days", "calendar-days" };

static const char *fees[] = { "不收费", "不收费", "不收费", "工本费 10 元", "按规定标准收取" };

/* ------------------------------------------------------------------ */

typedef struct
{
  BsCatalogue *catalogue;
  const BsGenerateOptions *options;
  Rng rng;
  const char *city;
  gint64 *department_ids;    /* by department index */
  guint *department_domain;  /* by department index */
  gint64 *item_ids;          /* by item index */
  gint64 category_ids[G_N_ELEMENTS (categories)];
} Generator;

static guint
n_objects (const Domain *domain)
{
  guint n = 0;

  while (n < G_N_ELEMENTS (domain->objects) && domain->objects[n] != NULL)
    n++;
  return n;
}

static guint
n_kinds (const Domain *domain)
{
  guint n = 0;

  while (n < G_N_ELEMENTS (domain->kinds) && domain->kinds[n] != NULL)
    n++;
  return n;
}

/* The 事项类型 a kind of decision belongs to. */
static const char *
item_type_for_kind (const char *kind)
{
  static const struct { const char *kind; const char *type; } map[] = {
    { "许可", "licensing" }, { "许可证核发", "licensing" }, { "许可证延续", "licensing" },
    { "审批", "licensing" }, { "核准", "licensing" }, { "核发", "licensing" },
    { "审查", "licensing" }, { "审核", "licensing" },
    { "备案", "filing" }, { "报告", "filing" },
    { "登记", "confirmation" }, { "注册", "confirmation" }, { "认定", "confirmation" },
    { "验收", "confirmation" }, { "核定", "confirmation" },
    { "检查", "inspection" },
    { "给付", "benefit" }, { "申领", "benefit" }, { "报销", "benefit" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (map[i].kind, kind))
      return map[i].type;
  return "public-service";
}

/* The two leading digits of a 基本编码 for a 事项类型. */
static guint
type_code (const char *type)
{
  BsItemType value;

  if (!bs_item_type_from_string (type, &value))
    return 99;
  return (guint) value;
}

static char *
result_name_for (const char *object,
                 const char *kind,
                 const char *type)
{
  if (g_str_has_prefix (kind, "许可"))
    return g_strconcat (object, "许可证", NULL);
  if (g_str_equal (type, "filing"))
    return g_strconcat (object, "备案回执", NULL);
  if (g_str_equal (kind, "登记") || g_str_equal (kind, "注册"))
    return g_strconcat (object, "登记证", NULL);
  if (g_str_equal (type, "confirmation"))
    return g_strconcat (object, kind, "书", NULL);
  if (g_str_equal (type, "benefit"))
    return g_strdup ("待遇核定通知书");
  if (g_str_equal (type, "inspection"))
    return g_strdup ("检查意见书");
  return g_strconcat (object, "批准文件", NULL);
}

static gboolean
check_options (BsCatalogue              *self,
               const BsGenerateOptions  *options,
               GError                  **error)
{
  static const char *tables[] = { "department", "item", "category", "theme" };

  if (options->items < 1 || options->items > MAX_ITEMS)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                   _("The number of items must be between 1 and %u, not %u"),
                   MAX_ITEMS, options->items);
      return FALSE;
    }
  if (options->departments < 1 || options->departments > MAX_DEPARTMENTS)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                   _("The number of departments must be between 1 and %u, not %u"),
                   MAX_DEPARTMENTS, options->departments);
      return FALSE;
    }
  if (options->departments > options->items)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                   _("There are more departments (%u) than items (%u): every department needs at least one item"),
                   options->departments, options->items);
      return FALSE;
    }
  if (options->themes > MAX_THEMES)
    {
      g_set_error (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                   _("The number of themes must be at most %u, not %u"),
                   MAX_THEMES, options->themes);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (bs_catalogue_count (self, tables[i]) != 0)
      {
        g_set_error_literal (error, BS_CATALOGUE_ERROR, BS_CATALOGUE_ERROR_INVALID,
                             _("The catalogue is not empty; generate into a new catalogue"));
        return FALSE;
      }

  return TRUE;
}

static gboolean
generate_departments (Generator  *gen,
                      GError    **error)
{
  sqlite3_stmt *stmt;
  sqlite3 *db = bs_catalogue_get_db (gen->catalogue);
  guint n_domains = G_N_ELEMENTS (domains);

  for (guint d = 0; d < gen->options->departments; d++)
    {
      const Domain *domain = &domains[d % n_domains];
      guint round = d / n_domains;
      g_autofree char *name = NULL;
      g_autofree char *code = NULL;
      g_autofree char *phone = NULL;
      g_autofree char *address = NULL;

      /* The city's own departments first, then each district's, then
       * numbered branches (第二分局 …) once the districts run out. */
      if (round == 0)
        name = g_strconcat (gen->city, domain->name, NULL);
      else if (round <= G_N_ELEMENTS (districts))
        name = g_strconcat (gen->city, districts[round - 1], domain->name, NULL);
      else
        {
          guint branch = round - G_N_ELEMENTS (districts) - 1;

          if (branch < G_N_ELEMENTS (ordinals))
            name = g_strdup_printf ("%s%s第%s分局", gen->city, domain->name, ordinals[branch]);
          else
            name = g_strdup_printf ("%s%s第%u分局", gen->city, domain->name, branch + 2);
        }
      code = g_strdup_printf ("%s-%04u", domain->abbrev, d + 1);
      phone = g_strdup_printf ("0%03u-%08u", rng_range (&gen->rng, 100, 999),
                               rng_range (&gen->rng, 10000000, 89999999));
      address = g_strdup_printf ("%s%s路%u号", gen->city, PICK (&gen->rng, districts),
                                 rng_range (&gen->rng, 1, 399));

      if (!(stmt = bs_catalogue_prepare (gen->catalogue,
                                         "INSERT INTO department (code, name, phone, address) "
                                         "VALUES (?1, ?2, ?3, ?4)", error)))
        return FALSE;
      sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, phone, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, address, -1, SQLITE_TRANSIENT);
      if (!bs_catalogue_step_done (gen->catalogue, stmt, error))
        return FALSE;

      gen->department_ids[d] = sqlite3_last_insert_rowid (db);
      gen->department_domain[d] = d % n_domains;
    }

  return TRUE;
}

static gboolean
generate_materials (Generator   *gen,
                    gint64       item_id,
                    const char  *object,
                    GError     **error)
{
  static const char *forms[] = { "original", "original", "copy", "original-and-copy", "electronic" };
  static const char *sources[] = { "applicant", "applicant", "applicant", "government", "intermediary", "other" };
  guint n = rng_range (&gen->rng, 0, MAX_MATERIALS);
  guint used = 0;  /* bit set of material_names already taken */

  for (guint m = 0; m < n; m++)
    {
      sqlite3_stmt *stmt;
      g_autofree char *name = NULL;
      guint which;

      do
        which = rng_below (&gen->rng, G_N_ELEMENTS (material_names));
      while (used & (1u << which));
      used |= 1u << which;

      /* The application form is specific to the item. */
      if (which == 0)
        name = g_strconcat (object, material_names[which], NULL);
      else
        name = g_strdup (material_names[which]);

      if (!(stmt = bs_catalogue_prepare (gen->catalogue,
                                         "INSERT INTO material (item_id, position, name, form, copies, "
                                         "source, required, notes) "
                                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, item_id);
      sqlite3_bind_int (stmt, 2, (int) m);
      sqlite3_bind_text (stmt, 3, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, PICK (&gen->rng, forms), -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 5, (int) rng_range (&gen->rng, 1, 3));
      sqlite3_bind_text (stmt, 6, PICK (&gen->rng, sources), -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 7, rng_chance (&gen->rng, 80));
      sqlite3_bind_text (stmt, 8, PICK (&gen->rng, material_notes), -1, SQLITE_STATIC);
      if (!bs_catalogue_step_done (gen->catalogue, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
generate_item (Generator   *gen,
               guint        index,
               guint        department,
               guint        sequence,
               guint        combination,
               GError     **error)
{
  sqlite3_stmt *stmt;
  const Domain *domain = &domains[gen->department_domain[department]];
  guint n_obj = n_objects (domain);
  guint n_kind = n_kinds (domain);
  const char *object = domain->objects[combination % n_obj];
  const char *kind = domain->kinds[(combination / n_obj) % n_kind];
  const char *variant = variants[(combination / (n_obj * n_kind)) % G_N_ELEMENTS (variants)];
  const char *type = item_type_for_kind (kind);
  g_autofree char *name = g_strconcat (object, kind, variant, NULL);
  g_autofree char *code = NULL;
  g_autofree char *legal_basis = NULL;
  g_autofree char *conditions = NULL;
  g_autofree char *place = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *url = NULL;
  g_autofree char *result_name = result_name_for (object, kind, type);
  guint service_objects;
  int legal_limit, committed_limit;
  gboolean on_the_spot;

  /* A 12-digit 基本编码: type, department, sequence within it. */
  code = g_strdup_printf ("%02u%04u%06u", type_code (type), department + 1, sequence + 1);
  legal_basis = g_strdup_printf ("%s%s", domain->law, PICK (&gen->rng, articles));
  conditions = g_strdup_printf ("申请人应当具备与%s相适应的场所、设施和管理制度。", object);
  place = g_strdup_printf ("%s市民服务中心%u楼%u号窗口", gen->city,
                           rng_range (&gen->rng, 1, 4), rng_range (&gen->rng, 1, 60));
  phone = g_strdup_printf ("12345-%04u", rng_range (&gen->rng, 1000, 9999));
  url = g_strdup_printf ("https://zwfw.example.gov.cn/item/%s", code);

  service_objects = rng_chance (&gen->rng, 30) ? BS_SERVICE_OBJECT_PERSON : 0;
  service_objects |= rng_chance (&gen->rng, 85) ? BS_SERVICE_OBJECT_ENTERPRISE : 0;
  service_objects |= rng_chance (&gen->rng, 15) ? BS_SERVICE_OBJECT_UNINCORPORATED : 0;
  if (service_objects == 0)
    service_objects = BS_SERVICE_OBJECT_PERSON;

  on_the_spot = rng_chance (&gen->rng, 25);
  legal_limit = (int) (5 * rng_range (&gen->rng, 1, 12));
  committed_limit = on_the_spot ? 0 : (int) rng_range (&gen->rng, 1, (guint) legal_limit);

  if (!(stmt = bs_catalogue_prepare (gen->catalogue,
                                     "INSERT INTO item (code, name, department_id, item_type, "
                                     "service_objects, legal_basis, conditions, legal_limit, "
                                     "legal_limit_unit, committed_limit, committed_limit_unit, "
                                     "handling, visits, fees, place, hours, phone, online_url, "
                                     "result_name) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                                     "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, gen->department_ids[department]);
  sqlite3_bind_text (stmt, 4, type, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, (int) service_objects);
  sqlite3_bind_text (stmt, 6, legal_basis, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, conditions, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 8, legal_limit);
  sqlite3_bind_text (stmt, 9, PICK (&gen->rng, limit_units), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 10, committed_limit);
  sqlite3_bind_text (stmt, 11, "working-days", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 12, on_the_spot ? "on-the-spot" : "committed", -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 13, (int) rng_range (&gen->rng, 0, 2));
  sqlite3_bind_text (stmt, 14, PICK (&gen->rng, fees), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 15, place, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 16, "周一至周五 9:00-12:00, 13:30-17:00", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 17, phone, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 18, url, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 19, result_name, -1, SQLITE_TRANSIENT);
  if (!bs_catalogue_step_done (gen->catalogue, stmt, error))
    return FALSE;

  gen->item_ids[index] = sqlite3_last_insert_rowid (bs_catalogue_get_db (gen->catalogue));

  return generate_materials (gen, gen->item_ids[index], object, error);
}

static void
shuffle (Rng   *rng,
         guint *array,
         guint  n)
{
  for (guint i = n; i > 1; i--)
    {
      guint j = rng_below (rng, i);
      guint tmp = array[i - 1];

      array[i - 1] = array[j];
      array[j] = tmp;
    }
}

static gboolean
generate_items (Generator  *gen,
                GError    **error)
{
  guint n_departments = gen->options->departments;
  guint n_items = gen->options->items;
  g_autofree guint *counts = g_new0 (guint, n_departments);
  g_autofree guint *weights = g_new (guint, n_departments);
  guint64 total_weight = 0;
  guint index = 0;

  /* Departments differ in size: a weight of 1 to 8 each, every department
   * at least one item. */
  for (guint d = 0; d < n_departments; d++)
    {
      weights[d] = rng_range (&gen->rng, 1, 8);
      total_weight += weights[d];
      counts[d] = 1;
    }
  for (guint i = n_departments; i < n_items; i++)
    {
      guint64 r = rng_next (&gen->rng) % total_weight;
      guint d = 0;

      while (r >= weights[d])
        r -= weights[d++];
      counts[d]++;
    }

  for (guint d = 0; d < n_departments; d++)
    {
      const Domain *domain = &domains[gen->department_domain[d]];
      guint n_combinations = n_objects (domain) * n_kinds (domain) * G_N_ELEMENTS (variants);
      g_autofree guint *order = g_new (guint, n_combinations);

      /* Distinct names within a department as long as the parts last. */
      for (guint c = 0; c < n_combinations; c++)
        order[c] = c;
      shuffle (&gen->rng, order, n_combinations);

      for (guint s = 0; s < counts[d]; s++, index++)
        if (!generate_item (gen, index, d, s, order[s % n_combinations], error))
          return FALSE;
    }

  return TRUE;
}

static gboolean
generate_categories (Generator  *gen,
                     GError    **error)
{
  sqlite3 *db = bs_catalogue_get_db (gen->catalogue);
  int positions[G_N_ELEMENTS (categories) + 1] = { 0 };

  for (guint c = 0; c < G_N_ELEMENTS (categories); c++)
    {
      sqlite3_stmt *stmt;
      int parent = categories[c].parent;

      if (!(stmt = bs_catalogue_prepare (gen->catalogue,
                                         "INSERT INTO category (code, name, parent_id, position) "
                                         "VALUES (?1, ?2, ?3, ?4)", error)))
        return FALSE;
      sqlite3_bind_text (stmt, 1, categories[c].code, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, categories[c].name, -1, SQLITE_STATIC);
      if (parent < 0)
        sqlite3_bind_null (stmt, 3);
      else
        sqlite3_bind_int64 (stmt, 3, gen->category_ids[parent]);
      /* positions[0] numbers the top level, positions[p + 1] parent p's children */
      sqlite3_bind_int (stmt, 4, positions[parent + 1]++);
      if (!bs_catalogue_step_done (gen->catalogue, stmt, error))
        return FALSE;
      gen->category_ids[c] = sqlite3_last_insert_rowid (db);
    }

  return TRUE;
}

static char *
theme_name (guint index)
{
  guint n_base = G_N_ELEMENTS (shops) + G_N_ELEMENTS (events);
  guint base = index % n_base;
  guint round = index / n_base;
  const char *stem = base < G_N_ELEMENTS (shops) ? shops[base] : events[base - G_N_ELEMENTS (shops)];
  const char *prefix = base < G_N_ELEMENTS (shops) ? "开" : "";

  guint batch;

  /* The same goal again for each district once the list runs out, then
   * in further batches (第二批 …). */
  if (round == 0)
    return g_strconcat (prefix, stem, NULL);
  batch = (round - 1) / G_N_ELEMENTS (districts);
  if (batch == 0)
    return g_strdup_printf ("%s%s（%s）", prefix, stem,
                            districts[(round - 1) % G_N_ELEMENTS (districts)]);
  if (batch <= G_N_ELEMENTS (ordinals))
    return g_strdup_printf ("%s%s（%s第%s批）", prefix, stem,
                            districts[(round - 1) % G_N_ELEMENTS (districts)], ordinals[batch - 1]);
  return g_strdup_printf ("%s%s（%s第%u批）", prefix, stem,
                          districts[(round - 1) % G_N_ELEMENTS (districts)], batch + 1);
}

static guint
theme_category (guint index)
{
  guint n_base = G_N_ELEMENTS (shops) + G_N_ELEMENTS (events);
  guint base = index % n_base;

  /* Shops go under 准营准办's sub-categories, events under the others. */
  if (base < G_N_ELEMENTS (shops))
    return 4 + base % 3;
  return 7 + (base - G_N_ELEMENTS (shops)) % 5;
}

static gboolean
generate_theme (Generator  *gen,
                guint       index,
                guint       size,
                GError    **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *code = g_strdup_printf ("theme-%05u", index + 1);
  g_autofree char *name = theme_name (index);
  g_autofree char *description = g_strdup_printf ("%s所需办理的全部事项及其先后顺序。", name);
  g_autofree guint *members = g_new (guint, size);
  g_autoptr(GHashTable) taken = g_hash_table_new (NULL, NULL);
  gint64 theme_id;

  if (!(stmt = bs_catalogue_prepare (gen->catalogue,
                                     "INSERT INTO theme (code, name, category_id, description, position) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5)", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, gen->category_ids[theme_category (index)]);
  sqlite3_bind_text (stmt, 4, description, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 5, (int) index);
  if (!bs_catalogue_step_done (gen->catalogue, stmt, error))
    return FALSE;
  theme_id = sqlite3_last_insert_rowid (bs_catalogue_get_db (gen->catalogue));

  /* Distinct items; size ≤ items, so drawing until distinct ends. When the
   * theme takes most of the catalogue, walk on from a random start. */
  if (size * 2 > gen->options->items)
    {
      guint start = rng_below (&gen->rng, gen->options->items);

      for (guint i = 0; i < size; i++)
        members[i] = (start + i) % gen->options->items;
      shuffle (&gen->rng, members, size);
    }
  else
    for (guint i = 0; i < size; i++)
      {
        guint pick;

        do
          pick = rng_below (&gen->rng, gen->options->items);
        while (g_hash_table_contains (taken, GUINT_TO_POINTER (pick + 1)));
        g_hash_table_add (taken, GUINT_TO_POINTER (pick + 1));
        members[i] = pick;
      }

  for (guint i = 0; i < size; i++)
    {
      if (!(stmt = bs_catalogue_prepare (gen->catalogue,
                                         "INSERT INTO theme_item (theme_id, item_id, position) "
                                         "VALUES (?1, ?2, ?3)", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, theme_id);
      sqlite3_bind_int64 (stmt, 2, gen->item_ids[members[i]]);
      sqlite3_bind_int (stmt, 3, (int) i);
      if (!bs_catalogue_step_done (gen->catalogue, stmt, error))
        return FALSE;
    }

  /* Edges only from a lower to a higher position: a DAG by construction.
   * Most items wait for one earlier item, some for two, a few for none
   * (they can start at once, in parallel). */
  for (guint after = 1; after < size; after++)
    {
      guint n_before = rng_chance (&gen->rng, 85) ? 1 : 0;
      guint first = G_MAXUINT;

      if (after >= 2 && rng_chance (&gen->rng, 30))
        n_before++;

      for (guint e = 0; e < n_before; e++)
        {
          guint before;

          /* Mostly the recent steps, so flows get long as well as wide. */
          if (rng_chance (&gen->rng, 60))
            before = after - 1 - rng_below (&gen->rng, MIN (after, 3));
          else
            before = rng_below (&gen->rng, after);
          if (before == first)
            continue;
          first = before;

          if (!(stmt = bs_catalogue_prepare (gen->catalogue,
                                             "INSERT INTO theme_edge (theme_id, before_id, after_id) "
                                             "VALUES (?1, ?2, ?3)", error)))
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, theme_id);
          sqlite3_bind_int64 (stmt, 2, gen->item_ids[members[before]]);
          sqlite3_bind_int64 (stmt, 3, gen->item_ids[members[after]]);
          if (!bs_catalogue_step_done (gen->catalogue, stmt, error))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
generate_themes (Generator  *gen,
                 GError    **error)
{
  guint n_themes = gen->options->themes;
  guint n_items = gen->options->items;
  guint big;

  if (n_themes == 0)
    return TRUE;

  /* One theme is as large as a real centre's largest (企业全生命周期-like
   * umbrella themes), for the flow editor at scale; the rest are small. */
  big = rng_below (&gen->rng, n_themes);

  for (guint t = 0; t < n_themes; t++)
    {
      guint size;

      if (t == big)
        size = MIN (n_items, BIG_THEME_ITEMS);
      else
        size = MIN (n_items, rng_range (&gen->rng, MIN_THEME_ITEMS, MAX_THEME_ITEMS));

      if (!generate_theme (gen, t, size, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
bs_catalogue_generate (BsCatalogue              *self,
                       const BsGenerateOptions  *options,
                       GError                  **error)
{
  g_autofree gint64 *department_ids = NULL;
  g_autofree guint *department_domain = NULL;
  g_autofree gint64 *item_ids = NULL;
  g_autofree char *name = NULL;
  Generator gen = { 0 };

  g_return_val_if_fail (BS_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_options (self, options, error))
    return FALSE;

  department_ids = g_new0 (gint64, options->departments);
  department_domain = g_new0 (guint, options->departments);
  item_ids = g_new0 (gint64, options->items);

  gen.catalogue = self;
  gen.options = options;
  gen.rng.state = options->seed;
  gen.city = PICK (&gen.rng, cities);
  gen.department_ids = department_ids;
  gen.department_domain = department_domain;
  gen.item_ids = item_ids;

  name = g_strdup_printf ("%s政务服务中心（合成数据，种子 %" G_GUINT64_FORMAT "）",
                          gen.city, options->seed);

  if (!bs_catalogue_begin (self, _("Generate Catalogue"), error))
    return FALSE;

  if (!bs_catalogue_set_name (self, name, error) ||
      !generate_departments (&gen, error) ||
      !generate_items (&gen, error) ||
      !generate_categories (&gen, error) ||
      !generate_themes (&gen, error))
    {
      bs_catalogue_rollback (self);
      return FALSE;
    }

  return bs_catalogue_commit (self, error);
}
