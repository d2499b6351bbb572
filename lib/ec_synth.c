/*
 * ec_synth.c: the synthetic shop of ec_synth.h.
 *
 * The model, in the order it is drawn (man/ec-synth.1 gives the same in
 * prose, truth.json every value):
 *
 *   catalog   6 top-level categories x 4 leaves; an item's leaf, brand,
 *             list price (lognormal around the leaf's median), cost
 *             (price x U(0.4, 0.7)), popularity (lognormal), a "quality"
 *             that enters the click model, stock (negative binomial).
 *   users     leaf affinities theta ~ Dirichlet(alpha) with alpha large on
 *             1-3 favourite leaves (chosen by leaf popularity) and tiny
 *             elsewhere; a session rate (exponential); a price-sensitivity
 *             class beta in {0, 0.8, 1.6, 2.4}; a language.
 *   sessions  per user and day Poisson(rate x day-of-week factor), start
 *             hour from a fixed 24-hour profile; 10% more anonymous
 *             sessions. A session has an intent leaf (from theta, or a
 *             planted "later" association), maybe a search, views of items
 *             of that leaf drawn with weight popularity x (price /
 *             leaf median)^-beta, clicks by a planted logistic model, carts,
 *             and a checkout where promotions lift the purchase probability.
 *             Purchases schedule returns and reviews in later days.
 *   prices    every item's price walks (regular price steps, promotions);
 *             items of prices.csv also get a demand with a known
 *             elasticity, drawn around a per-category mean.
 *   sales     per item an independent daily demand series: smooth (trend x
 *             weekly x yearly seasonality, negative binomial noise) or
 *             intermittent (Bernoulli occurrence x gamma size).
 *   text      reviews and queries from planted topics with drifting
 *             popularity; FAQ paraphrases with noise and out-of-scope
 *             questions.
 *
 * Memory is O(users + items): the day loop holds one day's events.
 */
#include "ec_synth.h"

#include "ec_buf.h"
#include "ec_num.h"
#include "ec_record.h"
#include "ec_rng.h"
#include "ec_schema.h"
#include "ec_stream.h"
#include "ec_time.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NTOP 6
#define NLEAF 24
#define NADJ 10
#define NBRAND 4
#define NBETA 4
#define NRTOPIC 8   /* review topics */
#define NQTOPIC 8   /* query topics: 6 categories, deals, gifts */
#define NRWORD 12   /* words per review topic */
#define NQWORD 14   /* words per query topic */
#define NBG 12      /* background words */
#define RING 16     /* days of deferred returns/reviews held ahead */
#define PRICED_MAX 100
#define ANON UINT32_MAX
#define NONE UINT32_MAX
#define DAY 86400LL

const char *const ec_synth_file_names[EC_SYNTH_NFILES] = {
	"catalog.csv", "events.jsonl.zst", "prices.csv", "sales.csv", "reviews.jsonl",
	"queries.jsonl", "faq.jsonl", "questions.jsonl", "truth.json",
};

static const char *const lang_names[2] = { "zh", "en" };

/* ---- the planted model's constants (all written to truth.json) ---- */

/* random streams, one per concern */
enum { RS_CATALOG = 1, RS_USERS, RS_PRICES, RS_PQTY, RS_SALES, RS_EVENTS, RS_TEXT, RS_FAQ };

static const char *const top_names[NTOP] = {
	"furniture", "electronics", "fashion", "kitchen", "beauty", "sports",
};

static const struct leafdef {
	const char *name;
	double median;          /* median list price */
	double ret;             /* probability that a purchased line is returned */
	const char *noun[2];    /* catalog title noun: zh, en */
} leaves[NLEAF] = {
	{ "furniture/sofa", 699, 0.04, { "沙发", "sofa" } },
	{ "furniture/coffee_table", 159, 0.04, { "茶几", "coffee table" } },
	{ "furniture/rug", 119, 0.05, { "地毯", "rug" } },
	{ "furniture/bookshelf", 179, 0.03, { "书架", "bookshelf" } },
	{ "electronics/phone", 549, 0.05, { "智能手机", "smartphone" } },
	{ "electronics/laptop", 999, 0.05, { "笔记本电脑", "laptop" } },
	{ "electronics/headphones", 89, 0.06, { "耳机", "headphones" } },
	{ "electronics/charger", 19, 0.03, { "充电器", "charger" } },
	{ "fashion/dress", 59, 0.18, { "连衣裙", "dress" } },
	{ "fashion/shoes", 79, 0.15, { "女鞋", "shoes" } },
	{ "fashion/jacket", 119, 0.12, { "夹克", "jacket" } },
	{ "fashion/handbag", 89, 0.08, { "手提包", "handbag" } },
	{ "kitchen/cookware", 79, 0.03, { "锅具套装", "cookware set" } },
	{ "kitchen/knife", 39, 0.02, { "厨师刀", "chef knife" } },
	{ "kitchen/coffee_maker", 149, 0.04, { "咖啡机", "espresso machine" } },
	{ "kitchen/tableware", 35, 0.03, { "餐具", "dinner plates" } },
	{ "beauty/skincare", 29, 0.02, { "精华液", "face serum" } },
	{ "beauty/makeup", 19, 0.02, { "口红", "lipstick" } },
	{ "beauty/perfume", 69, 0.02, { "香水", "eau de parfum" } },
	{ "beauty/haircare", 12, 0.02, { "洗发水", "shampoo" } },
	{ "sports/running_shoes", 99, 0.10, { "跑鞋", "running shoes" } },
	{ "sports/yoga_mat", 29, 0.04, { "瑜伽垫", "yoga mat" } },
	{ "sports/bicycle", 499, 0.04, { "山地自行车", "mountain bike" } },
	{ "sports/tent", 159, 0.05, { "露营帐篷", "camping tent" } },
};

#define PRICE_SIGMA 0.35    /* log-sd of list prices around the leaf median */

static const char *const brands[NTOP][NBRAND] = {
	{ "Nordhaus", "Oakline", "Lumo Living", "Casa Verde" },
	{ "Voltix", "Aurion", "Novabyte", "Kestrel" },
	{ "Maison Lune", "Urbanite", "Velora", "Sora" },
	{ "Ferro", "Cucina Bella", "Stahlberg", "Hearthware" },
	{ "Lumiere", "Petalis", "Aqualis", "Bloomi" },
	{ "Trailpeak", "Stride", "Apex Motion", "Bergwind" },
};

static const char *const adjectives[NADJ][2] = {
	{ "现代", "modern" }, { "经典", "classic" }, { "小巧", "compact" }, { "高端", "premium" },
	{ "轻便", "lightweight" }, { "豪华", "deluxe" }, { "基础款", "essential" },
	{ "专业版", "pro" }, { "环保", "eco" }, { "复古", "vintage" },
};

/* users */
#define FAV_ALPHA_BASE 0.04                 /* Dirichlet alpha of non-favourite leaves */
static const double fav_alpha[3] = { 10.0, 2.5, 1.2 };
static const double nfav_prob[3] = { 0.35, 0.40, 0.25 }; /* 1, 2 or 3 favourites */
static const double beta_values[NBETA] = { 0.0, 0.8, 1.6, 2.4 };
static const double beta_prob[NBETA] = { 0.25, 0.35, 0.25, 0.15 };
#define RATE_MEAN 0.12      /* sessions per user and day (exponential across users) */
#define LEAF_POP_ALPHA 4.0  /* leaf popularity ~ Dirichlet(4, ..., 4) */

/* sessions */
static const double hour_w[24] = {
	0.5, 0.3, 0.2, 0.15, 0.15, 0.2, 0.4, 0.8, 1.2, 1.4, 1.5, 1.6,
	1.8, 1.6, 1.5, 1.5, 1.6, 1.8, 2.1, 2.6, 3.0, 3.2, 2.6, 1.4,
};
static const double dow_factor[7] = { 0.92, 0.88, 0.90, 0.95, 1.05, 1.20, 1.10 }; /* Mon..Sun */
static const char *const dow_names[7] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
#define ANON_SHARE 0.10
#define P_SEARCH 0.30
#define VIEWS_MEAN 2.5      /* views per session: 1 + NegBin(2.5, 1.2) */
#define VIEWS_SIZE 3.0
#define P_STAY 0.85         /* a view stays in the session's intent leaf */
#define DWELL_MEDIAN 25.0   /* seconds, lognormal */
#define DWELL_SIGMA 0.8
#define DWELL_CLICK 1.8     /* dwell multiplier when the view is clicked */
/* click: logit P = W0 + W_AFF log(24 theta[u][leaf]) + W_PROMO promo + W_QUALITY quality */
#define W0 (-1.2)
#define W_AFF 0.35
#define W_PROMO 0.6
#define W_QUALITY 0.8
/* cart: logit P = C0 + C_AFF log(24 theta) */
#define C0 (-1.0)
#define C_AFF 0.25
#define P_BUY 0.32          /* P(purchase | cart), no promotion */
#define PROMO_LIFT 1.5      /* ... times this on promotion */
#define P_REVIEW 0.35       /* a registered user's purchased line gets a review */

/* associations: "later" = a purchase of A raises the chance of sessions
 * aimed at B for WINDOW days; "basket" = carting A adds B to the cart */
#define NPAIR 6
#define NLATER 3
#define P_LATER 0.50        /* per session while pending: intent = B */
#define LATER_WINDOW 30     /* days */
#define LATER_AFFINITY 0.4  /* such a session counts theta[B] as at least this */
#define P_BASKET 0.50       /* carting A also carts an item of B */
#define P_BASKET_BUY 0.85   /* ... bought when A is bought */
static const struct pair {
	int a, b;
} pairs[NPAIR] = {
	{ 0, 1 },   /* later: furniture/sofa -> furniture/coffee_table */
	{ 0, 2 },   /* later: furniture/sofa -> furniture/rug */
	{ 14, 15 }, /* later: kitchen/coffee_maker -> kitchen/tableware */
	{ 4, 7 },   /* basket: electronics/phone -> electronics/charger */
	{ 5, 6 },   /* basket: electronics/laptop -> electronics/headphones */
	{ 8, 11 },  /* basket: fashion/dress -> fashion/handbag */
};

/* prices */
#define P_FIXED 0.20        /* share of items whose price never changes */
#define P_CHANGE 0.10       /* per day: the regular price steps */
#define CHANGE_SIGMA 0.15   /* log-size of a step */
#define P_PROMO 0.025       /* per day: a promotion starts (3-7 days, 10-30% off) */
#define PRICE_PROMO_LIFT 1.3 /* demand lift of prices.csv on promotion days */
#define ELAST_SD 0.35       /* item elasticity ~ N(category mean, 0.35^2) */

/* sales */
#define P_INTERMITTENT 0.30
#define SALES_SIZE 20.0     /* negative binomial size of smooth series */
#define WEEKLY_PEAK 5       /* Saturday */
#define YEAR 365.25
static const double yearly_amp[NTOP] = { 0.15, 0.25, 0.35, 0.20, 0.15, 0.40 };
static const int yearly_peak[NTOP] = { 300, 330, 15, 340, 45, 180 }; /* day of year */

/* text */
#define REVIEW_ALPHA 1.0    /* Dirichlet concentration of a review's topic mix */
#define REVIEW_ZIPF 0.8     /* word rank exponent inside a review topic */
#define P_BACKGROUND 0.15   /* a token is a background word */
#define SEASON_DAYS 56.0    /* period of the seasonal topics */
#define QUERY_ALPHA 2.0
#define QUERY_OTHER 0.05    /* prior share of the five other categories */

static const struct rtopic {
	const char *name, *drift;
	const char *w[2][NRWORD];
} rtopics[NRTOPIC] = {
	{ "delivery", "rising",
	  { { "物流", "快递", "速度", "发货", "送货", "到货", "及时", "准时", "配送", "派送", "隔天", "效率" },
	    { "delivery", "fast", "shipping", "arrived", "courier", "quick", "days", "tracking",
	      "dispatched", "early", "prompt", "parcel" } } },
	{ "quality", "flat",
	  { { "质量", "做工", "材质", "结实", "耐用", "细节", "精致", "手感", "用料", "扎实", "牢固", "品质" },
	    { "quality", "sturdy", "material", "durable", "solid", "build", "craftsmanship",
	      "stitching", "finish", "premium", "thick", "heavy" } } },
	{ "price", "flat",
	  { { "价格", "便宜", "实惠", "性价比", "划算", "优惠", "值得", "超值", "折扣", "活动", "省钱", "贵" },
	    { "price", "cheap", "value", "worth", "bargain", "deal", "affordable", "discount",
	      "money", "reasonable", "expensive", "budget" } } },
	{ "service", "flat",
	  { { "客服", "态度", "耐心", "回复", "热情", "服务", "售后", "解答", "专业", "周到", "沟通", "回答" },
	    { "service", "support", "staff", "helpful", "friendly", "responded", "patient",
	      "reply", "agent", "answered", "contact", "polite" } } },
	{ "size", "flat",
	  { { "尺码", "大小", "合适", "偏大", "偏小", "尺寸", "合身", "宽松", "长度", "标准", "码数", "正好" },
	    { "size", "fit", "small", "large", "fits", "tight", "loose", "length", "measurements",
	      "true", "perfect", "sizing" } } },
	{ "packaging", "seasonal",
	  { { "包装", "盒子", "完好", "严实", "泡沫", "礼盒", "精美", "密封", "纸箱", "保护", "胶带", "包得" },
	    { "packaging", "box", "packed", "wrapped", "sealed", "protective", "foam", "gift",
	      "neat", "cardboard", "intact", "wrapping" } } },
	{ "appearance", "flat",
	  { { "外观", "颜色", "好看", "漂亮", "设计", "款式", "时尚", "大气", "颜值", "高级", "简约", "色差" },
	    { "color", "design", "looks", "beautiful", "style", "stylish", "elegant", "modern",
	      "pretty", "appearance", "shade", "gorgeous" } } },
	{ "defects", "fading",
	  { { "退货", "退款", "换货", "坏了", "故障", "失望", "不满意", "破损", "瑕疵", "投诉", "少件", "问题" },
	    { "return", "refund", "broken", "defective", "replacement", "disappointed", "faulty",
	      "exchange", "stopped", "complaint", "damaged", "missing" } } },
};

static const char *const background[2][NBG] = {
	{ "的", "了", "很", "非常", "还", "就", "也", "都", "是", "这个", "感觉", "东西" },
	{ "the", "and", "it", "is", "was", "very", "i", "this", "a", "to", "really", "so" },
};

/* Query topics: one per top-level category (its first four words are the
 * nouns of its four leaves, in leaf order), then deals and gifts. */
static const struct qtopic {
	const char *name, *drift;
	const char *w[2][NQWORD];
} qtopics[NQTOPIC] = {
	{ "furniture", "intent",
	  { { "沙发", "茶几", "地毯", "书架", "实木", "北欧", "客厅", "布艺", "橡木", "转角", "圆形", "大号", "简约", "收纳" },
	    { "sofa", "table", "rug", "bookshelf", "wooden", "velvet", "nordic", "livingroom", "oak",
	      "sectional", "round", "large", "minimalist", "storage" } } },
	{ "electronics", "intent",
	  { { "手机", "笔记本", "耳机", "充电器", "无线", "蓝牙", "快充", "降噪", "游戏", "续航", "大屏", "轻薄", "内存", "旗舰" },
	    { "phone", "laptop", "headphones", "charger", "wireless", "bluetooth", "5g", "usb", "fast",
	      "gaming", "noisecancelling", "battery", "128gb", "ultrathin" } } },
	{ "fashion", "intent",
	  { { "连衣裙", "女鞋", "夹克", "手提包", "夏季", "女士", "男士", "真皮", "休闲", "黑色", "碎花", "修身", "冬季", "复古" },
	    { "dress", "shoes", "jacket", "handbag", "summer", "women", "men", "leather", "casual",
	      "black", "floral", "slim", "winter", "retro" } } },
	{ "kitchen", "intent",
	  { { "锅具", "刀具", "咖啡机", "餐具", "不粘", "陶瓷", "不锈钢", "套装", "厨师", "全自动", "电磁炉", "骨瓷", "铸铁", "厨房" },
	    { "cookware", "knife", "espresso", "plates", "nonstick", "ceramic", "stainless", "set",
	      "chef", "automatic", "induction", "porcelain", "cast", "kitchen" } } },
	{ "beauty", "intent",
	  { { "精华", "口红", "香水", "洗发水", "保湿", "哑光", "有机", "抗老", "敏感肌", "美白", "持久", "天然", "旅行装", "中性" },
	    { "serum", "lipstick", "perfume", "shampoo", "hydrating", "matte", "organic", "antiaging",
	      "sensitive", "vitaminc", "longlasting", "natural", "travelsize", "unisex" } } },
	{ "sports", "intent",
	  { { "跑鞋", "瑜伽垫", "自行车", "帐篷", "防水", "露营", "户外", "健身", "徒步", "山地", "轻量", "加厚", "马拉松", "家庭" },
	    { "trainers", "yogamat", "bicycle", "tent", "waterproof", "camping", "outdoor", "fitness",
	      "hiking", "mountain", "lightweight", "thick", "marathon", "family" } } },
	{ "deals", "rising",
	  { { "特价", "打折", "便宜", "优惠券", "清仓", "秒杀", "满减", "包邮", "爆款", "促销", "低价", "折扣", "限时", "返现" },
	    { "sale", "discount", "cheap", "coupon", "clearance", "offer", "bundle", "freeshipping",
	      "bestseller", "deal", "promo", "lowprice", "flashsale", "cashback" } } },
	{ "gifts", "seasonal",
	  { { "礼物", "生日", "圣诞", "妈妈", "爸爸", "女朋友", "男朋友", "纪念日", "送礼", "婚礼", "节日", "情人节", "孩子", "老师" },
	    { "gift", "birthday", "christmas", "mom", "dad", "girlfriend", "boyfriend", "anniversary",
	      "present", "wedding", "holiday", "valentine", "kids", "teacher" } } },
};

/* FAQ: 15 intents in both languages. kw: keyword groups separated by ';',
 * alternatives by '|' (the first is the FAQ's own word); paraphrases are
 * built from them. */
#define NFAQ 15
static const struct faqdef {
	const char *cat;
	const char *q[2], *a[2], *kw[2];
} faqs[NFAQ] = {
	{ "returns",
	  { "怎么退货？", "How do I return an item?" },
	  { "在“我的订单”中选择商品并点击“退货”。大多数商品在签收后30天内可以退货，我们会通过邮件发送预付运单。",
	    "Open My Orders, choose the item and select Return. Most items can be returned within 30 days of delivery, and we email you a prepaid label." },
	  { "退货|退回去;怎么|如何;商品|东西", "return|send back;item|product|purchase;how|how can i" } },
	{ "returns",
	  { "退款什么时候到账？", "When will I get my refund?" },
	  { "我们收到退回的商品后，退款会在5个工作日内原路返回。",
	    "Refunds go back to the original payment method within 5 business days after we receive the returned item." },
	  { "退款|钱;什么时候|多久;到账|退回来", "refund|money back;when|how long;get|receive" } },
	{ "returns",
	  { "可以换一个尺码吗？", "Can I exchange an item for a different size?" },
	  { "可以。请在30天内于“我的订单”中申请换货，原商品到达仓库后我们会寄出新尺码。",
	    "Yes. Request an exchange in My Orders within 30 days; we ship the new size when the original arrives at our warehouse." },
	  { "换货|调换|换;尺码|大小|码数;可以|能不能", "exchange|swap;size;different|another|other;item|product" } },
	{ "delivery",
	  { "快递多久能到？", "How long does delivery take?" },
	  { "普通快递2到5个工作日送达，大部分城市的特快次日达。",
	    "Standard delivery takes 2 to 5 business days; express delivery arrives the next business day in most cities." },
	  { "快递|配送;多久|几天|多长时间;能到|送达", "delivery|shipping;how long|how many days;take" } },
	{ "delivery",
	  { "我的包裹在哪里？", "Where is my package?" },
	  { "在“我的订单”中点击“查看物流”即可查看快递状态，运单号也在发货通知中。",
	    "Open My Orders and click Track to see the courier's status; the tracking number is also in your shipping email." },
	  { "包裹|快递|订单;在哪里|到哪了;查物流|跟踪", "package|parcel|order;where|where is;track|tracking" } },
	{ "delivery",
	  { "包邮吗？", "Is shipping free?" },
	  { "订单满49元包邮，不满49元收取4.99元运费。",
	    "Shipping is free on orders over 49; below that a flat fee of 4.99 applies." },
	  { "包邮|免运费;运费|邮费;多少", "shipping|delivery;free|cost|fee" } },
	{ "delivery",
	  { "可以修改收货地址吗？", "Can I change my delivery address?" },
	  { "订单发货前可以在“我的订单”中修改地址；发货后请凭运单号联系快递公司。",
	    "You can change the address in My Orders until the order ships; after that, contact the courier with your tracking number." },
	  { "修改|更改;收货地址|地址;可以|能", "change|update|modify;address;delivery|shipping" } },
	{ "payment",
	  { "支持哪些付款方式？", "Which payment methods do you accept?" },
	  { "我们支持银行卡、支付宝、微信支付和银行转账。",
	    "We accept credit and debit cards, Alipay, WeChat Pay and bank transfer." },
	  { "付款|支付;方式|方法;哪些|支持", "payment|pay;methods|options|ways;accept|take" } },
	{ "payment",
	  { "为什么付款失败？", "Why was my payment declined?" },
	  { "付款可能因余额不足、安全码错误或银行风控被拒绝。请重试或换一种支付方式。",
	    "Your bank can decline a payment for insufficient funds, a wrong security code or a fraud check. Try again or use another method." },
	  { "付款|支付;失败|不成功|被拒;为什么", "payment|card;declined|failed|rejected;why" } },
	{ "invoice",
	  { "怎么开发票？", "How do I get an invoice?" },
	  { "订单发货后自动生成电子发票，可在“我的订单”中下载；如需公司发票请填写税号。",
	    "An invoice is created when the order ships; download it in My Orders, or request a company invoice with your tax number." },
	  { "发票|电子发票;开|申请|下载;怎么|如何", "invoice|receipt|bill;get|download|request" } },
	{ "coupons",
	  { "优惠券怎么用？", "How do I use a coupon code?" },
	  { "结算时在“优惠券”栏输入券码并点击“使用”，付款前会显示优惠金额。",
	    "Enter the code in the Coupon field at checkout and click Apply; the discount shows before you pay." },
	  { "优惠券|券码;怎么用|使用|输入", "coupon|voucher|promo code;use|apply|enter;code|discount" } },
	{ "coupons",
	  { "优惠券为什么用不了？", "Why is my coupon not working?" },
	  { "优惠券有最低消费和有效期限制，部分特价商品不能使用。请在“我的优惠券”中查看使用条件。",
	    "Coupons have a minimum order value and an expiry date, and some exclude sale items. Check the conditions in My Coupons." },
	  { "优惠券|券;用不了|无效|过期了;为什么", "coupon|voucher;not working|invalid|expired;why" } },
	{ "orders",
	  { "怎么取消订单？", "How can I cancel my order?" },
	  { "订单发货前可以在“我的订单”中取消，款项会立即原路退回。",
	    "Orders can be cancelled in My Orders until they ship; the money goes back to your payment method at once." },
	  { "取消|撤销;订单;怎么|如何", "cancel;order|purchase;how|how can i" } },
	{ "warranty",
	  { "保修包括哪些？", "What does the warranty cover?" },
	  { "电子产品和家电享受两年保修，涵盖制造缺陷；请保留发票作为购买凭证。",
	    "Electronics and appliances have a two-year warranty against manufacturing defects; keep your invoice as proof of purchase." },
	  { "保修|质保;包括|范围;维修|坏了", "warranty|guarantee;cover|include;repair|defect" } },
	{ "account",
	  { "怎么重置密码？", "How do I reset my password?" },
	  { "在登录页点击“忘记密码”，按邮件中的链接操作，链接24小时内有效。",
	    "Click Forgot password on the sign-in page and follow the link we email you; it is valid for 24 hours." },
	  { "密码;重置|忘记|修改;账号|登录", "password;reset|forgot|change;account|login" } },
};
#define FAQ_QUESTIONS 12    /* paraphrases per FAQ entry */
#define OOS_SHARE 0.15      /* share of out-of-scope questions */

static const char *const faq_pre[2][6] = {
	{ "你好", "请问", "在吗", "亲", "麻烦问一下", "我想问" },
	{ "hi", "hello", "excuse me", "quick question", "please tell me", "i want to know" },
};
static const char *const faq_post[2][5] = {
	{ "呢", "啊", "谢谢", "急", "？" },
	{ "please", "thanks", "asap", "thank you", "?" },
};
#define NOOS 10
static const char *const oos[2][NOOS] = {
	{ "明天天气怎么样", "推荐一部好看的电影", "昨天球赛谁赢了", "讲个笑话", "米饭怎么煮",
	  "东京现在几点", "今天股市涨了吗", "帮我写作业", "附近有什么好玩的", "你叫什么名字" },
	{ "what is the weather tomorrow", "recommend a good movie", "who won the football match",
	  "tell me a joke", "how do i cook rice", "what time is it in tokyo",
	  "is the stock market up today", "can you write my homework", "best hiking trails nearby",
	  "what is your name" },
};

/* ---- state ---- */

struct item {
	double list, cost, pop, quality;      /* planted */
	double elasticity, base;              /* prices.csv demand (priced items) */
	int kind;                             /* sales: 0 smooth, 1 intermittent */
	double s_base, s_trend, s_amp;        /* smooth sales */
	double s_p, s_size;                   /* intermittent sales */
	double obs_p, obs_size;               /* realised intermittent figures */
	double reg, comp;                     /* regular price now, competitor log-offset */
	double disc;
	int32_t cur_cents, list_cents, cost_cents, min_cents, max_cents;
	uint32_t stock;
	uint16_t model;
	uint8_t leaf, brand, adj, fixed, promo, promo_left;
};

struct user {
	double rate;                          /* sessions per day (before the weekday factor) */
	float theta[NLEAF];
	uint8_t beta, lang, pend;             /* pend: bits of pending "later" pairs */
	uint16_t pend_until;                  /* last day the pending pairs act */
	/* realised associations, counted as the events are written */
	uint32_t first_a[NLATER];             /* 1 + seconds from start of the first A purchase */
	uint32_t bought;                      /* leaves purchased */
	uint8_t after;                        /* bits: B purchased after A */
};

enum { EV_VIEW, EV_CLICK, EV_CART, EV_PURCHASE, EV_RETURN, EV_SEARCH };
static const char *const ev_words[] = { "view", "click", "cart", "purchase", "return", "search" };

struct ev {
	int64_t ts;
	uint64_t seq, session, order, anon;   /* anon: session id that names an anonymous user */
	uint32_t user, item, price, text, textlen;
	uint16_t dwell;
	uint8_t type, qty;
};

struct doc {
	int64_t ts;
	uint64_t seq, anon;
	uint32_t user, item, text, textlen;
	uint8_t lang;
};

struct deferred {
	int64_t ts;
	uint64_t seq, order, anon;
	uint32_t user, item, price;
	uint8_t kind, qty, lang;              /* kind: EV_RETURN or 255 = review */
};

#define VEC(T) { T *v; size_t n, cap; }
struct evvec VEC(struct ev);
struct docvec VEC(struct doc);
struct defvec VEC(struct deferred);

struct gen {
	struct ec_synth_opts o;
	long long nusers, nitems, ndays, npriced;
	int64_t t0, tend;                     /* first second, end of period */
	int uw, iw;                           /* widths of user and item ids */
	int oom;                              /* an allocation failed */
	char *err;
	size_t errlen;

	struct ec_rng rcat, rusers, rprices, rpqty, rsales, rev, rtext, rfaq;
	double leaf_pop[NLEAF];
	double elast_mean[NTOP];
	int fallback[NLEAF];                  /* leaf to use when a leaf has no items */
	struct item *items;
	uint32_t *leaf_items[NLEAF];
	size_t leaf_n[NLEAF];
	struct ec_alias alias[NLEAF][NBETA];
	struct ec_alias hours, fav_leaf;
	struct ec_zipf rz, bgz, oz;
	struct user *users;
	double rate_sum;

	struct ec_output *out[EC_SYNTH_NFILES];
	struct ec_writer *w[EC_SYNTH_NFILES];

	struct evvec day, carry;
	struct docvec qdocs, rdocs;
	struct defvec ring[RING];
	struct ec_buf text;                   /* texts of the day's searches and docs */
	struct ec_buf line, tmp;
	char (*dates)[11];                    /* "YYYY-MM-DD" of each day */
	uint64_t seq, nsession, norder, nquery_id, nreview_id;

	/* realised figures */
	struct ec_synth_stats st;
	uint64_t ev_bytes;
	uint64_t carts[2], bought[2];         /* by promo 0/1 */
	uint64_t b_orders, b_a[NPAIR], b_ab[NPAIR], b_b[NPAIR];
	uint64_t cur_order;
	uint32_t cur_order_leaves;
	double (*rweek)[NRTOPIC];             /* review tokens per week and topic */
	double (*rplant)[NRTOPIC];            /* planted review shares, summed per doc */
	double (*qweek)[NQTOPIC];
	double (*qplant)[NQTOPIC];
	uint64_t *rweek_docs, *qweek_docs;
	long long nweeks;
};

static int fail(struct gen *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct gen *g, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(g->err, g->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

#define PUSH(g, vec, x)                                                                   \
	do {                                                                              \
		if ((vec).n == (vec).cap) {                                               \
			size_t nc_ = (vec).cap ? 2 * (vec).cap : 256;                     \
			void *p_ = realloc((vec).v, nc_ * sizeof *(vec).v);               \
			if (!p_) {                                                        \
				(g)->oom = 1;                                             \
				break;                                                    \
			}                                                                 \
			(vec).v = p_;                                                     \
			(vec).cap = nc_;                                                  \
		}                                                                         \
		(vec).v[(vec).n++] = (x);                                                 \
	} while (0)

/* ---- small helpers ---- */

static double logistic(double x)
{
	return 1.0 / (1.0 + exp(-x));
}

/* round to d decimals, so that truth.json holds exactly the value used */
static double rnd(double x, int d)
{
	double f = d == 2 ? 100 : d == 3 ? 1000 : 10000;
	return round(x * f) / f;
}

static int digits(long long n)
{
	int k = 1;
	while (n >= 10) {
		n /= 10;
		k++;
	}
	return k;
}

/* prefix + zero-padded decimal; returns the length */
static int put_id(char *out, char prefix, uint64_t v, int width)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	int k = 0;
	out[k++] = prefix;
	for (int i = n; i < width; i++)
		out[k++] = '0';
	while (n)
		out[k++] = tmp[--n];
	out[k] = '\0';
	return k;
}

static int put_u(char *out, uint64_t v)
{
	char tmp[24];
	int n = 0, k = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		out[k++] = tmp[--n];
	out[k] = '\0';
	return k;
}

/* c >= 0 cents as "12.34" */
static int put_cents(char *out, int64_t c)
{
	int k = put_u(out, (uint64_t)(c / 100));
	out[k++] = '.';
	out[k++] = (char)('0' + c % 100 / 10);
	out[k++] = (char)('0' + c % 10);
	out[k] = '\0';
	return k;
}

static int dow_of(int64_t days)
{
	return (int)(((days % 7) + 7 + 3) % 7); /* 1970-01-01 was a Thursday; Monday = 0 */
}

static int doy_of(int64_t days)
{
	int64_t y;
	int m, d;
	ec_civil_from_days(days, &y, &m, &d);
	return (int)(days - ec_days_from_civil(y, 1, 1)) + 1;
}

/* list/regular prices end in .99 from 10 up, else are whole cents */
static int32_t price_cents(double x)
{
	if (x >= 10)
		return (int32_t)floor(x) * 100 + 99;
	int32_t c = (int32_t)llround(x * 100);
	return c < 1 ? 1 : c;
}

static void jnum(struct ec_buf *b, double v)
{
	char t[EC_NUM_LEN];
	int n = ec_num_format(v, t);
	ec_buf_add(b, t, (size_t)n);
}

static void jstr(struct ec_buf *b, const char *s)
{
	ec_json_quote(b, s, strlen(s));
}

static int flush_buf(struct gen *g, int f, struct ec_buf *b)
{
	if (g->oom)
		return fail(g, "out of memory");
	if (b->len && ec_output_write(g->out[f], b->data, b->len) < 0)
		return fail(g, "%s", ec_output_error(g->out[f]));
	ec_buf_reset(b);
	return 0;
}

static int write_rec(struct gen *g, int f, const char *const *v, const size_t *l)
{
	if (ec_writer_write(g->w[f], v, l) < 0)
		return fail(g, "%s", g->oom ? "out of memory" : ec_output_error(g->out[f]));
	return 0;
}

/* ---- the catalog and the users ---- */

static int setup_catalog(struct gen *g)
{
	struct ec_rng *r = &g->rcat;
	double a[NLEAF];
	for (int l = 0; l < NLEAF; l++)
		a[l] = LEAF_POP_ALPHA;
	ec_rng_dirichlet(r, a, NLEAF, g->leaf_pop);
	for (int l = 0; l < NLEAF; l++)
		g->leaf_pop[l] = rnd(g->leaf_pop[l], 4);

	g->items = calloc((size_t)g->nitems, sizeof *g->items);
	if (!g->items)
		return fail(g, "out of memory");
	for (long long i = 0; i < g->nitems; i++) {
		struct item *x = &g->items[i];
		/* every leaf gets an item before any gets a second */
		x->leaf = (uint8_t)(i < NLEAF ? i : (long long)ec_rng_categorical(r, g->leaf_pop, NLEAF));
		const struct leafdef *L = &leaves[x->leaf];
		x->list_cents = price_cents(L->median * ec_rng_lognormal(r, 0, PRICE_SIGMA));
		x->list = x->list_cents / 100.0;
		x->cost_cents = (int32_t)llround(x->list_cents * (0.4 + 0.3 * ec_rng_uniform(r)));
		if (x->cost_cents < 1)
			x->cost_cents = 1;
		x->cost = x->cost_cents / 100.0;
		x->pop = rnd(ec_rng_lognormal(r, 0, 1.0), 4);
		if (x->pop < 0.0001)
			x->pop = 0.0001;
		x->quality = rnd(0.5 * ec_rng_normal(r), 3);
		x->brand = (uint8_t)ec_rng_below(r, NBRAND);
		x->adj = (uint8_t)ec_rng_below(r, NADJ);
		x->model = (uint16_t)(100 + ec_rng_below(r, 900));
		x->stock = (uint32_t)ec_rng_negbin(r, 40, 1.5);
		double lo = fmax(x->cost * 1.05, 0.6 * x->list), hi = 1.5 * x->list;
		x->min_cents = (int32_t)ceil(lo * 100);
		x->max_cents = (int32_t)floor(hi * 100);
		x->reg = x->list;
		x->cur_cents = x->list_cents;
	}
	/* items of each leaf, and per leaf and price-sensitivity class an alias
	 * table of popularity x (list / median)^-beta */
	for (long long i = 0; i < g->nitems; i++)
		g->leaf_n[g->items[i].leaf]++;
	for (int l = 0; l < NLEAF; l++) {
		if (!g->leaf_n[l])
			continue;
		g->leaf_items[l] = malloc(g->leaf_n[l] * sizeof *g->leaf_items[l]);
		if (!g->leaf_items[l])
			return fail(g, "out of memory");
		g->leaf_n[l] = 0;
	}
	for (long long i = 0; i < g->nitems; i++) {
		int l = g->items[i].leaf;
		g->leaf_items[l][g->leaf_n[l]++] = (uint32_t)i;
	}
	for (int l = 0; l < NLEAF; l++) {
		if (!g->leaf_n[l])
			continue;
		double *w = malloc(g->leaf_n[l] * sizeof *w);
		if (!w)
			return fail(g, "out of memory");
		for (int b = 0; b < NBETA; b++) {
			for (size_t k = 0; k < g->leaf_n[l]; k++) {
				const struct item *x = &g->items[g->leaf_items[l][k]];
				w[k] = x->pop * pow(x->list / leaves[l].median, -beta_values[b]);
			}
			if (ec_alias_init(&g->alias[l][b], w, g->leaf_n[l]) < 0) {
				free(w);
				return fail(g, "out of memory");
			}
		}
		free(w);
	}
	for (int l = 0; l < NLEAF; l++) {
		int f = l;
		while (!g->leaf_n[f])
			f = (f + 1) % NLEAF;
		g->fallback[l] = f;
	}
	return 0;
}

/* Leaf affinities of one user: alpha large on 1-3 favourites. */
static void draw_taste(struct gen *g, struct ec_rng *r, struct user *u)
{
	double alpha[NLEAF], th[NLEAF];
	int fav[3], nfav = 1 + (int)ec_rng_categorical(r, nfav_prob, 3);
	for (int l = 0; l < NLEAF; l++)
		alpha[l] = FAV_ALPHA_BASE;
	for (int j = 0; j < nfav; j++) {
		int l, dup;
		do {
			l = (int)ec_alias_sample(&g->fav_leaf, r);
			dup = 0;
			for (int k = 0; k < j; k++)
				dup |= fav[k] == l;
		} while (dup);
		fav[j] = l;
		alpha[l] += fav_alpha[j];
	}
	ec_rng_dirichlet(r, alpha, NLEAF, th);
	for (int l = 0; l < NLEAF; l++)
		u->theta[l] = (float)th[l];
	u->beta = (uint8_t)ec_rng_categorical(r, beta_prob, NBETA);
	u->lang = (uint8_t)g->o.lang[ec_rng_below(r, (uint64_t)g->o.nlang)];
}

static int setup_users(struct gen *g)
{
	if (ec_alias_init(&g->fav_leaf, g->leaf_pop, NLEAF) < 0 ||
	    ec_alias_init(&g->hours, hour_w, 24) < 0)
		return fail(g, "out of memory");
	g->users = calloc((size_t)g->nusers, sizeof *g->users);
	if (!g->users)
		return fail(g, "out of memory (%lld users)", g->nusers);
	for (long long i = 0; i < g->nusers; i++) {
		struct user *u = &g->users[i];
		draw_taste(g, &g->rusers, u);
		u->rate = rnd(RATE_MEAN * ec_rng_exponential(&g->rusers), 4);
		g->rate_sum += u->rate;
	}
	return 0;
}

static int sample_theta(const struct user *u, struct ec_rng *r)
{
	double x = ec_rng_uniform(r);
	for (int l = 0; l < NLEAF; l++) {
		x -= u->theta[l];
		if (x < 0)
			return l;
	}
	int best = 0; /* rounding of the float weights: take the largest */
	for (int l = 1; l < NLEAF; l++)
		if (u->theta[l] > u->theta[best])
			best = l;
	return best;
}

/* ---- text ---- */

static void review_weights(const struct gen *g, double t, double *s)
{
	double T = (double)g->ndays, sum = 0;
	for (int k = 0; k < NRTOPIC; k++) {
		const char *d = rtopics[k].drift;
		double w = 1.0;
		if (!strcmp(d, "rising"))
			w = 0.5 + 1.5 * t / T;
		else if (!strcmp(d, "seasonal"))
			w = 1.0 + 0.8 * sin(2 * M_PI * t / SEASON_DAYS);
		else if (!strcmp(d, "fading"))
			w = 2.0 * exp(-2.5 * t / T);
		s[k] = w;
		sum += w;
	}
	for (int k = 0; k < NRTOPIC; k++)
		s[k] /= sum;
}

static void query_prior(const struct gen *g, double t, int top, double *m)
{
	double T = (double)g->ndays;
	double deals = 0.04 + 0.16 * t / T;
	double gifts = 0.03 + 0.10 * (0.5 + 0.5 * sin(2 * M_PI * t / SEASON_DAYS));
	for (int k = 0; k < NTOP; k++)
		m[k] = QUERY_OTHER / (NTOP - 1);
	m[top] = 1.0 - deals - gifts - QUERY_OTHER;
	m[6] = deals;
	m[7] = gifts;
}

static long long week_of(const struct gen *g, int64_t ts)
{
	long long w = (ts - g->t0) / (7 * DAY);
	return w < g->nweeks ? w : g->nweeks - 1;
}

/* A search query: the intent leaf's noun, then 1-4 words of a topic mix. */
static void make_query(struct gen *g, int leaf, int lang, int64_t ts, uint32_t *off,
                       uint32_t *len)
{
	struct ec_rng *r = &g->rtext;
	double t = (double)(ts - g->t0) / DAY, m[NQTOPIC], a[NQTOPIC], th[NQTOPIC];
	int top = leaf / 4;
	query_prior(g, t, top, m);
	for (int k = 0; k < NQTOPIC; k++)
		a[k] = QUERY_ALPHA * m[k];
	ec_rng_dirichlet(r, a, NQTOPIC, th);
	long long w = week_of(g, ts);
	int n = 2 + (int)ec_rng_below(r, 4);
	/* expected topic tokens: the noun, then n - 1 words of mean mix m */
	for (int k = 0; k < NQTOPIC; k++)
		g->qplant[w][k] += (k == top) + (n - 1) * m[k];
	g->qweek_docs[w]++;
	*off = (uint32_t)g->text.len;
	ec_buf_adds(&g->text, qtopics[top].w[lang][leaf % 4]);
	g->qweek[w][top] += 1;
	for (int j = 1; j < n; j++) {
		int z = (int)ec_rng_categorical(r, th, NQTOPIC);
		if (lang == EC_SYNTH_EN)
			ec_buf_addc(&g->text, ' ');
		ec_buf_adds(&g->text, qtopics[z].w[lang][ec_rng_below(r, NQWORD)]);
		g->qweek[w][z] += 1;
	}
	*len = (uint32_t)(g->text.len - *off);
}

/* A review: a Dirichlet topic mix around the day's topic shares. */
static void make_review(struct gen *g, int lang, int64_t ts, uint32_t *off, uint32_t *len)
{
	struct ec_rng *r = &g->rtext;
	double t = (double)(ts - g->t0) / DAY, s[NRTOPIC], a[NRTOPIC], th[NRTOPIC];
	review_weights(g, t, s);
	for (int k = 0; k < NRTOPIC; k++)
		a[k] = REVIEW_ALPHA * s[k];
	ec_rng_dirichlet(r, a, NRTOPIC, th);
	long long w = week_of(g, ts);
	g->rweek_docs[w]++;
	int n = 5 + (int)ec_rng_poisson(r, 9);
	int clause = 3 + (int)ec_rng_below(r, 4);
	*off = (uint32_t)g->text.len;
	for (int j = 0; j < n; j++) {
		const char *word;
		if (ec_rng_uniform(r) < P_BACKGROUND) {
			word = background[lang][ec_zipf_sample(&g->bgz, r) - 1];
		} else {
			int z = (int)ec_rng_categorical(r, th, NRTOPIC);
			word = rtopics[z].w[lang][ec_zipf_sample(&g->rz, r) - 1];
			g->rweek[w][z] += 1;
			for (int k = 0; k < NRTOPIC; k++) /* its expected topic: the day's share */
				g->rplant[w][k] += s[k];
		}
		if (j > 0 && --clause == 0) {
			ec_buf_adds(&g->text, lang == EC_SYNTH_EN ? ", " : "，");
			clause = 3 + (int)ec_rng_below(r, 4);
		} else if (j > 0 && lang == EC_SYNTH_EN) {
			ec_buf_addc(&g->text, ' ');
		}
		ec_buf_adds(&g->text, word);
	}
	ec_buf_adds(&g->text, lang == EC_SYNTH_EN ? "." : "。");
	*len = (uint32_t)(g->text.len - *off);
}

/* ---- sessions ---- */

struct cartline {
	uint32_t item;
	int basket_of;  /* index of the line whose basket pair added this one, or -1 */
	uint8_t qty, promo, bought;
};

#define MAXCART 64

struct session {
	struct user *u;
	uint32_t uidx;
	uint64_t sid;
	int day;
	int64_t t, day1;
	long qdoc;      /* index of the session's query in qdocs, or -1 */
	int boost;      /* leaf aimed at by a "later" association, or -1 */
	struct cartline carts[MAXCART];
	int nc;
};

/* Keep an event unless it falls after the period; today's or tomorrow's. */
static int push_ev(struct gen *g, struct ev *e, int64_t day1)
{
	if (e->ts >= g->tend)
		return 0;
	e->seq = ++g->seq;
	if (e->ts < day1)
		PUSH(g, g->day, *e);
	else
		PUSH(g, g->carry, *e);
	return 1;
}

static struct ev base_ev(const struct session *s)
{
	struct ev e;
	memset(&e, 0, sizeof e);
	e.user = s->uidx;
	e.anon = s->uidx == ANON ? s->sid : 0;
	e.session = s->sid;
	e.item = NONE;
	e.text = NONE;
	return e;
}

static int64_t gap(struct ec_rng *r, double median, double sigma)
{
	return (int64_t)llround(median * exp(sigma * ec_rng_normal(r)));
}

/* View an item; maybe click, cart it and pull in its basket partner.
 * force: a basket partner, clicked and carted for sure. */
static void view_item(struct gen *g, struct session *s, uint32_t it, int basket_of)
{
	struct ec_rng *r = &g->rev;
	const struct item *x = &g->items[it];
	double th = s->u->theta[x->leaf];
	if (x->leaf == s->boost && th < LATER_AFFINITY)
		th = LATER_AFFINITY;
	double la = log(NLEAF * (th > 1e-4 ? th : 1e-4));
	int force = basket_of >= 0;
	int click = force || ec_rng_uniform(r) < logistic(W0 + W_AFF * la + W_PROMO * x->promo +
	                                                  W_QUALITY * x->quality);
	double dw = DWELL_MEDIAN * exp(DWELL_SIGMA * ec_rng_normal(r)) * (click ? DWELL_CLICK : 1);
	int64_t dwell = (int64_t)llround(dw < 1 ? 1 : dw > 3600 ? 3600 : dw);
	struct ev e = base_ev(s);
	e.type = EV_VIEW;
	e.ts = s->t;
	e.item = it;
	e.price = (uint32_t)x->cur_cents;
	e.dwell = (uint16_t)dwell;
	push_ev(g, &e, s->day1);
	s->t += dwell;
	if (!click)
		return;
	e.dwell = 0;
	e.type = EV_CLICK;
	e.ts = s->t;
	push_ev(g, &e, s->day1);
	if (s->qdoc >= 0 && g->qdocs.v[s->qdoc].item == NONE)
		g->qdocs.v[s->qdoc].item = it;
	if (!force && ec_rng_uniform(r) >= logistic(C0 + C_AFF * la))
		return;
	s->t += 5 + gap(r, 40, 0.6);
	int qty = 1 + (int)(x->list < 50 ? ec_rng_poisson(r, 0.3) : (uint64_t)(ec_rng_uniform(r) < 0.05));
	if (qty > 9)
		qty = 9;
	e.type = EV_CART;
	e.ts = s->t;
	e.qty = (uint8_t)qty;
	push_ev(g, &e, s->day1);
	/* the same item carted again adds to its cart line: one order never
	 * has two identical lines, which ec-ingest would drop as duplicates */
	for (int c = 0; c < s->nc; c++)
		if (s->carts[c].item == it) {
			int q = s->carts[c].qty + qty;
			s->carts[c].qty = (uint8_t)(q > 9 ? 9 : q);
			return;
		}
	if (s->nc == MAXCART)
		return;
	int line = s->nc++;
	s->carts[line] = (struct cartline){ it, basket_of, (uint8_t)qty, x->promo, 0 };
	if (force)
		return;
	for (int p = NLATER; p < NPAIR; p++) {
		if (pairs[p].a != x->leaf || !g->leaf_n[pairs[p].b])
			continue;
		if (ec_rng_uniform(r) >= P_BASKET)
			continue;
		int b = pairs[p].b;
		uint32_t it2 = g->leaf_items[b][ec_alias_sample(&g->alias[b][s->u->beta], r)];
		s->t += 5 + gap(r, 15, 0.8);
		view_item(g, s, it2, line);
	}
}

static void defer(struct gen *g, const struct deferred *d)
{
	long long day = (d->ts - g->t0) / DAY;
	PUSH(g, g->ring[day % RING], *d);
}

static void checkout(struct gen *g, struct session *s)
{
	struct ec_rng *r = &g->rev;
	s->t += 30 + gap(r, 90, 0.5);
	uint64_t order = 0;
	for (int c = 0; c < s->nc; c++) {
		struct cartline *cl = &s->carts[c];
		int with = cl->basket_of >= 0 && s->carts[cl->basket_of].bought;
		double p = with ? P_BASKET_BUY : P_BUY * (cl->promo ? PROMO_LIFT : 1.0);
		cl->bought = ec_rng_uniform(r) < p;
		if (!with) {
			g->carts[cl->promo]++;
			g->bought[cl->promo] += cl->bought;
		}
		if (!cl->bought)
			continue;
		const struct item *x = &g->items[cl->item];
		if (!order)
			order = ++g->norder;
		struct ev e = base_ev(s);
		e.type = EV_PURCHASE;
		e.ts = s->t;
		e.item = cl->item;
		e.price = (uint32_t)x->cur_cents;
		e.qty = cl->qty;
		e.order = order;
		int kept = push_ev(g, &e, s->day1);
		double ur = ec_rng_uniform(r), uv = ec_rng_uniform(r);
		int64_t dr = 2 * DAY + (int64_t)ec_rng_below(r, 12 * DAY);
		int64_t dv = 6 * 3600 + (int64_t)ec_rng_below(r, 114 * 3600);
		if (!kept)
			continue;
		struct deferred d = { 0, 0, order, e.anon, s->uidx, cl->item, e.price, EV_RETURN,
		                      cl->qty, s->u->lang };
		if (ur < leaves[x->leaf].ret && e.ts + dr < g->tend) {
			d.ts = e.ts + dr;
			d.seq = ++g->seq;
			defer(g, &d);
		}
		if (s->uidx != ANON && uv < P_REVIEW && e.ts + dv < g->tend) {
			d.ts = e.ts + dv;
			d.seq = ++g->seq;
			d.kind = 255;
			defer(g, &d);
		}
		if (s->uidx == ANON)
			continue;
		for (int k = 0; k < NLATER; k++) {
			if (pairs[k].a == x->leaf) {
				s->u->pend |= (uint8_t)(1u << k);
				s->u->pend_until = (uint16_t)(s->day + LATER_WINDOW > 65535 ? 65535
				                                                           : s->day + LATER_WINDOW);
			}
			if (pairs[k].b == x->leaf)
				s->u->pend &= (uint8_t)~(1u << k);
		}
	}
}

static void gen_session(struct gen *g, struct user *u, uint32_t uidx, int64_t t, int day,
                        int64_t day1)
{
	struct ec_rng *r = &g->rev;
	struct session s;
	s.u = u;
	s.uidx = uidx;
	s.sid = ++g->nsession;
	s.day = day;
	s.t = t;
	s.day1 = day1;
	s.qdoc = -1;
	s.boost = -1;
	s.nc = 0;
	g->st.sessions++;
	if (uidx == ANON)
		g->st.anonymous_sessions++;

	int intent;
	if (uidx != ANON && u->pend && day <= u->pend_until && ec_rng_uniform(r) < P_LATER) {
		int bits[NLATER], nb = 0;
		for (int p = 0; p < NLATER; p++)
			if (u->pend & (1u << p))
				bits[nb++] = p;
		intent = pairs[bits[ec_rng_below(r, (uint64_t)nb)]].b;
		s.boost = intent;
	} else {
		intent = sample_theta(u, r);
	}
	intent = g->fallback[intent];

	if (ec_rng_uniform(r) < P_SEARCH) {
		struct ev e = base_ev(&s);
		e.type = EV_SEARCH;
		e.ts = s.t;
		make_query(g, intent, u->lang, s.t, &e.text, &e.textlen);
		push_ev(g, &e, day1);
		struct doc d = { s.t, e.seq, e.anon, uidx, NONE, e.text, e.textlen, u->lang };
		PUSH(g, g->qdocs, d);
		if (!g->oom)
			s.qdoc = (long)g->qdocs.n - 1;
		s.t += 3 + (int64_t)ec_rng_below(r, 18);
	}
	uint64_t nviews = 1 + ec_rng_negbin(r, VIEWS_MEAN, VIEWS_SIZE);
	if (nviews > 60)
		nviews = 60;
	for (uint64_t v = 0; v < nviews; v++) {
		int l = ec_rng_uniform(r) < P_STAY ? intent : g->fallback[sample_theta(u, r)];
		uint32_t it = g->leaf_items[l][ec_alias_sample(&g->alias[l][u->beta], r)];
		view_item(g, &s, it, -1);
		s.t += 5 + gap(r, 15, 0.8);
	}
	if (s.nc)
		checkout(g, &s);
}

/* ---- prices: every item's price walks; prices.csv shows the first ones ---- */

static int setup_prices(struct gen *g)
{
	struct ec_rng *r = &g->rprices;
	for (int t = 0; t < NTOP; t++)
		g->elast_mean[t] = rnd(-0.9 - 1.7 * ec_rng_uniform(r), 2);
	for (long long i = 0; i < g->nitems; i++) {
		struct item *x = &g->items[i];
		x->fixed = ec_rng_uniform(r) < P_FIXED;
		double e = g->elast_mean[x->leaf / 4] + ELAST_SD * ec_rng_normal(r);
		x->elasticity = rnd(e < -3.5 ? -3.5 : e > -0.5 ? -0.5 : e, 3);
		x->base = rnd(ec_rng_lognormal(r, log(20.0), 0.6), 3);
	}
	return 0;
}

static int prices_day(struct gen *g, long long d, int dow)
{
	struct ec_rng *r = &g->rprices;
	for (long long i = 0; i < g->nitems; i++) {
		struct item *x = &g->items[i];
		x->comp = 0.9 * x->comp + 0.03 * ec_rng_normal(r);
		if (x->fixed)
			goto row;
		if (x->promo_left > 0)
			x->promo_left--;
		if (x->promo_left == 0) {
			x->promo = 0;
			if (ec_rng_uniform(r) < P_PROMO) {
				x->promo = 1;
				x->promo_left = (uint8_t)(3 + ec_rng_below(r, 5));
				x->disc = rnd(0.1 + 0.2 * ec_rng_uniform(r), 2);
			} else if (ec_rng_uniform(r) < P_CHANGE) {
				double p = x->reg * exp(CHANGE_SIGMA * ec_rng_normal(r));
				int32_t c = price_cents(p);
				if (c < x->min_cents)
					c = x->min_cents;
				if (c > x->max_cents)
					c = x->max_cents;
				x->reg = c / 100.0;
			}
		}
		int32_t reg = (int32_t)llround(x->reg * 100);
		x->cur_cents = x->promo ? (int32_t)llround(reg * (1 - x->disc)) : reg;
	row:
		if (i >= g->npriced)
			continue;
		double mu = x->base * pow(x->cur_cents / (double)x->list_cents, x->elasticity) *
		            dow_factor[dow] * (x->promo ? PRICE_PROMO_LIFT : 1.0);
		uint64_t q = ec_rng_poisson(&g->rpqty, mu);
		char id[32], p[32], c[32], cost[32], qs[24];
		size_t l[8];
		l[0] = (size_t)put_id(id, 'i', (uint64_t)i + 1, g->iw);
		l[1] = 10;
		l[2] = (size_t)put_cents(p, x->cur_cents);
		l[3] = (size_t)put_cents(c, llround(x->list_cents * exp(x->comp)));
		l[4] = 1;
		l[5] = (size_t)put_u(qs, q);
		l[6] = (size_t)put_cents(cost, x->cost_cents);
		l[7] = strlen(leaves[x->leaf].name);
		const char *v[8] = { id, g->dates[d], p, c, x->promo ? "1" : "0", qs, cost,
		                     leaves[x->leaf].name };
		if (write_rec(g, EC_SYNTH_PRICES, v, l) < 0)
			return -1;
		g->st.price_rows++;
	}
	return 0;
}

/* ---- writing a day ---- */

static int cmp_ev(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;
	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int cmp_doc(const void *a, const void *b)
{
	const struct doc *x = a, *y = b;
	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void basket_close(struct gen *g)
{
	if (!g->cur_order)
		return;
	g->b_orders++;
	for (int p = NLATER; p < NPAIR; p++) {
		int ha = (g->cur_order_leaves >> pairs[p].a) & 1, hb = (g->cur_order_leaves >> pairs[p].b) & 1;
		g->b_a[p] += (uint64_t)ha;
		g->b_b[p] += (uint64_t)hb;
		g->b_ab[p] += (uint64_t)(ha && hb);
	}
	g->cur_order = 0;
	g->cur_order_leaves = 0;
}

/* What the file says about associations, counted as it is written. */
static void observe(struct gen *g, const struct ev *e)
{
	if (e->type != EV_PURCHASE)
		return;
	int leaf = g->items[e->item].leaf;
	if (e->order != g->cur_order) {
		basket_close(g);
		g->cur_order = e->order;
	}
	g->cur_order_leaves |= 1u << leaf;
	if (e->user == ANON)
		return;
	struct user *u = &g->users[e->user];
	uint32_t rel = (uint32_t)(e->ts - g->t0) + 1;
	for (int k = 0; k < NLATER; k++) {
		if (pairs[k].b == leaf && u->first_a[k] && rel > u->first_a[k])
			u->after |= (uint8_t)(1u << k);
		if (pairs[k].a == leaf && !u->first_a[k])
			u->first_a[k] = rel;
	}
	u->bought |= 1u << leaf;
}

static int write_events(struct gen *g)
{
	if (g->day.n == 0)
		return 0;
	qsort(g->day.v, g->day.n, sizeof *g->day.v, cmp_ev);
	char ts[EC_TIME_LEN], user[32], item[32], qty[8], price[32], order[32], sess[32], dwell[8];
	int64_t last_ts = INT64_MIN;
	size_t tsl = 0;
	for (size_t k = 0; k < g->day.n; k++) {
		const struct ev *e = &g->day.v[k];
		const char *v[EC_EV_NCOLS] = { 0 };
		size_t l[EC_EV_NCOLS] = { 0 };
		if (e->ts != last_ts) {
			tsl = (size_t)ec_time_format(e->ts, ts);
			last_ts = e->ts;
		}
		v[EC_EV_TS] = ts;
		l[EC_EV_TS] = tsl;
		if (e->user == ANON)
			l[EC_EV_USER] = (size_t)put_id(user, 's', e->anon, 8);
		else
			l[EC_EV_USER] = (size_t)put_id(user, 'u', (uint64_t)e->user + 1, g->uw);
		v[EC_EV_USER] = user;
		v[EC_EV_EVENT] = ev_words[e->type];
		l[EC_EV_EVENT] = strlen(ev_words[e->type]);
		if (e->item != NONE) {
			const char *cat = leaves[g->items[e->item].leaf].name;
			l[EC_EV_ITEM] = (size_t)put_id(item, 'i', (uint64_t)e->item + 1, g->iw);
			v[EC_EV_ITEM] = item;
			l[EC_EV_PRICE] = (size_t)put_cents(price, e->price);
			v[EC_EV_PRICE] = price;
			v[EC_EV_CATEGORY] = cat;
			l[EC_EV_CATEGORY] = strlen(cat);
		}
		if (e->qty) {
			l[EC_EV_QTY] = (size_t)put_u(qty, e->qty);
			v[EC_EV_QTY] = qty;
		}
		if (e->order) {
			l[EC_EV_ORDER] = (size_t)put_id(order, 'o', e->order, 7);
			v[EC_EV_ORDER] = order;
		}
		if (e->session) {
			l[EC_EV_SESSION] = (size_t)put_id(sess, 's', e->session, 8);
			v[EC_EV_SESSION] = sess;
		}
		if (e->dwell) {
			l[EC_EV_DWELL] = (size_t)put_u(dwell, e->dwell);
			v[EC_EV_DWELL] = dwell;
		}
		if (e->text != NONE) {
			v[EC_EV_TEXT] = g->text.data + e->text;
			l[EC_EV_TEXT] = e->textlen;
		}
		if (write_rec(g, EC_SYNTH_EVENTS, v, l) < 0)
			return -1;
		size_t bytes = 2;
		for (int c = 0; c < EC_EV_NCOLS; c++)
			if (v[c])
				bytes += l[c] + strlen(ec_ev_names[c]) + 6;
		g->ev_bytes += bytes;
		g->st.events++;
		switch (e->type) {
		case EV_PURCHASE: g->st.purchases++; break;
		case EV_RETURN: g->st.returns++; break;
		case EV_SEARCH: g->st.searches++; break;
		}
		observe(g, e);
	}
	g->day.n = 0;
	return 0;
}

static int write_docs(struct gen *g, int f, void *vec, size_t n, char prefix, uint64_t *idc,
                      int review)
{
	struct doc *docs = vec;
	if (n == 0)
		return 0;
	qsort(docs, n, sizeof *docs, cmp_doc);
	char id[32], ts[EC_TIME_LEN], user[32], item[32];
	for (size_t k = 0; k < n; k++) {
		struct doc *d = &docs[k];
		if (review)
			make_review(g, d->lang, d->ts, &d->text, &d->textlen);
		const char *v[6] = { 0 };
		size_t l[6] = { 0 };
		l[0] = (size_t)put_id(id, prefix, ++*idc, 7);
		v[0] = id;
		l[1] = (size_t)ec_time_format(d->ts, ts);
		v[1] = ts;
		if (d->item != NONE) {
			l[2] = (size_t)put_id(item, 'i', (uint64_t)d->item + 1, g->iw);
			v[2] = item;
		}
		if (d->user == ANON)
			l[3] = (size_t)put_id(user, 's', d->anon, 8);
		else
			l[3] = (size_t)put_id(user, 'u', (uint64_t)d->user + 1, g->uw);
		v[3] = user;
		v[4] = g->text.data + d->text;
		l[4] = d->textlen;
		v[5] = lang_names[d->lang];
		l[5] = 2;
		if (write_rec(g, f, v, l) < 0)
			return -1;
	}
	return 0;
}

static int run_days(struct gen *g)
{
	struct ec_rng *r = &g->rev;
	for (long long d = 0; d < g->ndays; d++) {
		int64_t day0 = g->t0 + d * DAY, day1 = day0 + DAY;
		int dow = dow_of(g->o.start + d);
		if (prices_day(g, d, dow) < 0)
			return -1;
		ec_buf_reset(&g->text);
		g->day.n = 0;
		g->qdocs.n = 0;
		g->rdocs.n = 0;
		for (size_t k = 0; k < g->carry.n; k++)
			PUSH(g, g->day, g->carry.v[k]);
		g->carry.n = 0;
		/* returns and reviews that purchases scheduled for today */
		struct defvec *bk = &g->ring[d % RING];
		for (size_t k = 0; k < bk->n; k++) {
			const struct deferred *x = &bk->v[k];
			if (x->kind == EV_RETURN) {
				struct ev e;
				memset(&e, 0, sizeof e);
				e.ts = x->ts;
				e.seq = x->seq;
				e.user = x->user;
				e.anon = x->anon;
				e.item = x->item;
				e.price = x->price;
				e.qty = x->qty;
				e.order = x->order;
				e.text = NONE;
				e.type = EV_RETURN;
				PUSH(g, g->day, e);
			} else {
				struct doc dc = { x->ts, x->seq, x->anon, x->user, x->item, 0, 0, x->lang };
				PUSH(g, g->rdocs, dc);
			}
		}
		bk->n = 0;
		/* registered users' sessions, each user's in time order */
		for (long long i = 0; i < g->nusers; i++) {
			struct user *u = &g->users[i];
			uint64_t n = ec_rng_poisson(r, u->rate * dow_factor[dow]);
			if (!n)
				continue;
			int64_t st[16];
			if (n > 16)
				n = 16;
			for (uint64_t k = 0; k < n; k++) {
				st[k] = day0 + (int64_t)ec_alias_sample(&g->hours, r) * 3600 +
				        (int64_t)ec_rng_below(r, 3600);
				for (uint64_t j = k; j > 0 && st[j] < st[j - 1]; j--) {
					int64_t t = st[j];
					st[j] = st[j - 1];
					st[j - 1] = t;
				}
			}
			for (uint64_t k = 0; k < n; k++)
				gen_session(g, u, (uint32_t)i, st[k], (int)d, day1);
		}
		/* anonymous sessions: tastes drawn afresh each time */
		uint64_t na = ec_rng_poisson(r, ANON_SHARE / (1 - ANON_SHARE) * g->rate_sum *
		                                   dow_factor[dow]);
		for (uint64_t k = 0; k < na; k++) {
			struct user a;
			memset(&a, 0, sizeof a);
			draw_taste(g, r, &a);
			int64_t t = day0 + (int64_t)ec_alias_sample(&g->hours, r) * 3600 +
			            (int64_t)ec_rng_below(r, 3600);
			gen_session(g, &a, ANON, t, (int)d, day1);
		}
		if (g->oom)
			return fail(g, "out of memory");
		if (write_events(g) < 0 ||
		    write_docs(g, EC_SYNTH_QUERIES, g->qdocs.v, g->qdocs.n, 'q', &g->nquery_id, 0) < 0 ||
		    write_docs(g, EC_SYNTH_REVIEWS, g->rdocs.v, g->rdocs.n, 'r', &g->nreview_id, 1) < 0)
			return -1;
		if (g->oom)
			return fail(g, "out of memory");
		g->st.queries = g->nquery_id;
		g->st.reviews = g->nreview_id;
		if (g->o.progress)
			g->o.progress(g->o.progress_arg, g->st.events, g->ev_bytes);
	}
	basket_close(g);
	g->st.orders = g->b_orders;
	return 0;
}

/* ---- sales.csv: an independent demand series per item ---- */

static int run_sales(struct gen *g)
{
	struct ec_rng *r = &g->rsales;
	long long D = g->ndays;
	uint64_t *leaf_sum = calloc((size_t)(NLEAF * D), sizeof *leaf_sum);
	uint64_t *top_sum = calloc((size_t)(NTOP * D), sizeof *top_sum);
	if (!leaf_sum || !top_sum) {
		free(leaf_sum);
		free(top_sum);
		return fail(g, "out of memory");
	}
	int yearly = D >= 365;
	char id[40], val[24];
	int rc = 0;
	/* the parameters first, so that they do not depend on --days */
	for (long long i = 0; i < g->nitems; i++) {
		struct item *x = &g->items[i];
		x->kind = ec_rng_uniform(r) < P_INTERMITTENT;
		if (x->kind) {
			x->s_p = rnd(0.04 + 0.24 * ec_rng_uniform(r), 3);
			x->s_size = rnd(1.5 + 3.5 * ec_rng_uniform(r), 2);
		} else {
			x->s_base = rnd(ec_rng_lognormal(r, log(5.0), 0.9), 3);
			double tr = 0.1 + 0.4 * ec_rng_normal(r);
			x->s_trend = rnd(tr < -0.5 ? -0.5 : tr > 0.8 ? 0.8 : tr, 3);
			x->s_amp = rnd(0.1 + 0.4 * ec_rng_uniform(r), 2);
		}
	}
	for (long long i = 0; i < g->nitems && rc == 0; i++) {
		struct item *x = &g->items[i];
		size_t il = (size_t)put_id(id, 'i', (uint64_t)i + 1, g->iw);
		uint64_t nz = 0, tot = 0;
		int top = x->leaf / 4;
		for (long long d = 0; d < D; d++) {
			uint64_t y;
			if (x->kind) {
				y = 0;
				if (ec_rng_uniform(r) < x->s_p)
					y = (uint64_t)ceil(ec_rng_gamma(r, 2.0) * (x->s_size - 0.5) / 2.0);
			} else {
				int dow = dow_of(g->o.start + d);
				double mu = x->s_base * exp(x->s_trend * (double)d / 365.0) *
				            (1 + x->s_amp * cos(2 * M_PI * (dow - WEEKLY_PEAK) / 7.0));
				if (yearly)
					mu *= 1 + yearly_amp[top] *
					              cos(2 * M_PI * (doy_of(g->o.start + d) - yearly_peak[top]) / YEAR);
				y = ec_rng_negbin(r, mu, SALES_SIZE);
			}
			nz += y > 0;
			tot += y;
			leaf_sum[x->leaf * D + d] += y;
			top_sum[top * D + d] += y;
			const char *v[3] = { id, g->dates[d], val };
			size_t l[3] = { il, 10, (size_t)put_u(val, y) };
			if ((rc = write_rec(g, EC_SYNTH_SALES, v, l)) < 0)
				break;
			g->st.sales_rows++;
		}
		if (x->kind) {
			x->obs_p = rnd((double)nz / (double)D, 4);
			x->obs_size = nz ? rnd((double)tot / (double)nz, 4) : 0;
		}
	}
	for (int k = 0; k < NLEAF + NTOP && rc == 0; k++) {
		const char *name = k < NLEAF ? leaves[k].name : top_names[k - NLEAF];
		const uint64_t *sum = k < NLEAF ? leaf_sum + k * D : top_sum + (k - NLEAF) * D;
		size_t il = (size_t)snprintf(id, sizeof id, "cat:%s", name);
		for (long long d = 0; d < D; d++) {
			const char *v[3] = { id, g->dates[d], val };
			size_t l[3] = { il, 10, (size_t)put_u(val, sum[d]) };
			if ((rc = write_rec(g, EC_SYNTH_SALES, v, l)) < 0)
				break;
			g->st.sales_rows++;
		}
	}
	free(leaf_sum);
	free(top_sum);
	return rc;
}

/* ---- catalog.csv ---- */

static int write_catalog(struct gen *g)
{
	int lang = g->o.lang[0];
	char id[32], title[160], price[32], cost[32], stock[24], minp[32], maxp[32];
	for (long long i = 0; i < g->nitems; i++) {
		const struct item *x = &g->items[i];
		const char *brand = brands[x->leaf / 4][x->brand];
		int tl = lang == EC_SYNTH_EN
		                 ? snprintf(title, sizeof title, "%s %s %s %u", brand,
		                            adjectives[x->adj][1], leaves[x->leaf].noun[1], x->model)
		                 : snprintf(title, sizeof title, "%s %s%s %u", brand,
		                            adjectives[x->adj][0], leaves[x->leaf].noun[0], x->model);
		const char *v[10] = { id, title, leaves[x->leaf].name, brand, price, cost, stock,
		                      x->promo ? "1" : "0", minp, maxp };
		size_t l[10] = { (size_t)put_id(id, 'i', (uint64_t)i + 1, g->iw), (size_t)tl,
		                 strlen(leaves[x->leaf].name), strlen(brand),
		                 (size_t)put_cents(price, x->list_cents),
		                 (size_t)put_cents(cost, x->cost_cents), (size_t)put_u(stock, x->stock), 1,
		                 (size_t)put_cents(minp, x->min_cents),
		                 (size_t)put_cents(maxp, x->max_cents) };
		if (write_rec(g, EC_SYNTH_CATALOG, v, l) < 0)
			return -1;
	}
	return 0;
}

/* ---- faq.jsonl and questions.jsonl ---- */

/* Split s at sep into at most max pieces of buf (NUL-terminated copies). */
static int split(const char *s, char sep, char *buf, size_t bufn, char **out, int max)
{
	snprintf(buf, bufn, "%s", s);
	int n = 0;
	char *p = buf;
	while (n < max) {
		out[n++] = p;
		char *q = strchr(p, sep);
		if (!q)
			break;
		*q = '\0';
		p = q + 1;
	}
	return n;
}

static void paraphrase(struct gen *g, const struct faqdef *f, int lang, struct ec_buf *b)
{
	struct ec_rng *r = &g->rfaq;
	char gbuf[256], abuf[128];
	char *grp[8], *alt[8];
	const char *words[12];
	int ng = split(f->kw[lang], ';', gbuf, sizeof gbuf, grp, 8), nw = 0;
	for (int i = 0; i < ng; i++) {
		int keep = ec_rng_uniform(r) < 0.85;
		if (!keep && ng - i > 2 - nw) /* keep at least two groups */
			continue;
		int na = split(grp[i], '|', abuf, sizeof abuf, alt, 8);
		int k = ec_rng_uniform(r) < 0.5 ? 0 : (int)ec_rng_below(r, (uint64_t)na);
		/* the alternative's offset in the group string stays valid */
		words[nw++] = grp[i] + (alt[k] - abuf);
		char *bar = strchr(grp[i] + (alt[k] - abuf), '|');
		if (bar)
			*bar = '\0';
	}
	if (nw > 1 && ec_rng_uniform(r) < 0.5) {
		int j = (int)ec_rng_below(r, (uint64_t)nw - 1);
		const char *t = words[j];
		words[j] = words[j + 1];
		words[j + 1] = t;
	}
	ec_buf_reset(b);
	if (ec_rng_uniform(r) < 0.5) {
		ec_buf_adds(b, faq_pre[lang][ec_rng_below(r, 6)]);
		ec_buf_adds(b, lang == EC_SYNTH_EN ? " " : "，");
	}
	int typo = lang == EC_SYNTH_EN && ec_rng_uniform(r) < 0.2 ? (int)ec_rng_below(r, (uint64_t)nw) : -1;
	for (int i = 0; i < nw; i++) {
		if (i && lang == EC_SYNTH_EN)
			ec_buf_addc(b, ' ');
		size_t at = b->len;
		ec_buf_adds(b, words[i]);
		size_t wl = b->len - at;
		if (i == typo && wl >= 5) { /* swap two letters inside the word */
			size_t p = at + 1 + (size_t)ec_rng_below(r, wl - 3);
			char c = b->data[p];
			b->data[p] = b->data[p + 1];
			b->data[p + 1] = c;
		}
	}
	if (ec_rng_uniform(r) < 0.4) {
		const char *post = faq_post[lang][ec_rng_below(r, 5)];
		if (lang == EC_SYNTH_EN && strcmp(post, "?"))
			ec_buf_addc(b, ' ');
		ec_buf_adds(b, post);
	}
}

static int write_faq(struct gen *g)
{
	struct ec_rng *r = &g->rfaq;
	int ne = NFAQ * g->o.nlang;
	char id[32];
	for (int e = 0; e < ne; e++) {
		int lang = g->o.lang[e / NFAQ], k = e % NFAQ;
		snprintf(id, sizeof id, "faq-%s-%02d", lang_names[lang], k + 1);
		const char *v[4] = { id, faqs[k].q[lang], faqs[k].a[lang], faqs[k].cat };
		if (write_rec(g, EC_SYNTH_FAQ, v, NULL) < 0)
			return -1;
		g->st.faq++;
	}
	int nin = FAQ_QUESTIONS * ne;
	int noos = (int)lround(nin * OOS_SHARE / (1 - OOS_SHARE));
	uint32_t *order = malloc((size_t)(nin + noos) * sizeof *order);
	if (!order)
		return fail(g, "out of memory");
	for (int i = 0; i < nin + noos; i++)
		order[i] = i < nin ? (uint32_t)(i / FAQ_QUESTIONS) : UINT32_MAX;
	ec_rng_shuffle_u32(r, order, (size_t)(nin + noos));
	int rc = 0;
	for (int i = 0; i < nin + noos && rc == 0; i++) {
		char ans[32] = "";
		snprintf(id, sizeof id, "ask-%04d", i + 1);
		if (order[i] != UINT32_MAX) {
			int lang = g->o.lang[order[i] / NFAQ], k = (int)order[i] % NFAQ;
			paraphrase(g, &faqs[k], lang, &g->tmp);
			snprintf(ans, sizeof ans, "faq-%s-%02d", lang_names[lang], k + 1);
		} else {
			int lang = g->o.lang[ec_rng_below(r, (uint64_t)g->o.nlang)];
			ec_buf_reset(&g->tmp);
			if (ec_rng_uniform(r) < 0.5) {
				ec_buf_adds(&g->tmp, faq_pre[lang][ec_rng_below(r, 6)]);
				ec_buf_adds(&g->tmp, lang == EC_SYNTH_EN ? " " : "，");
			}
			ec_buf_adds(&g->tmp, oos[lang][ec_rng_below(r, NOOS)]);
		}
		const char *v[3] = { id, g->tmp.data, ans };
		rc = write_rec(g, EC_SYNTH_QUESTIONS, v, NULL);
		g->st.questions++;
	}
	free(order);
	return rc;
}

/* ---- truth.json: one entry per line in the long sections, so that line
 * tools (awk, grep) can read it as well as JSON parsers ---- */

static void jnums(struct ec_buf *b, const double *v, int n, int dec)
{
	ec_buf_addc(b, '[');
	for (int i = 0; i < n; i++) {
		if (i)
			ec_buf_adds(b, ", ");
		jnum(b, dec ? rnd(v[i], dec) : v[i]);
	}
	ec_buf_addc(b, ']');
}

static void jwords(struct ec_buf *b, const char *const *w, int n)
{
	ec_buf_addc(b, '[');
	for (int i = 0; i < n; i++) {
		if (i)
			ec_buf_adds(b, ", ");
		jstr(b, w[i]);
	}
	ec_buf_addc(b, ']');
}

/* a ratio rounded to 4 decimals, or null when undefined */
static void jopt(struct ec_buf *b, int defined, double v)
{
	if (defined)
		jnum(b, rnd(v, 4));
	else
		ec_buf_adds(b, "null");
}

static double ratio(uint64_t a, uint64_t b)
{
	return b ? (double)a / (double)b : 0;
}

static int truth_topics(struct gen *g, struct ec_buf *b, int queries)
{
	int K = queries ? NQTOPIC : NRTOPIC;
	double (*obs)[NRTOPIC] = queries ? g->qweek : g->rweek;
	double (*plant)[NRTOPIC] = queries ? g->qplant : g->rplant;
	uint64_t *docs = queries ? g->qweek_docs : g->rweek_docs;
	ec_buf_addf(b, "\"%s\": {\n", queries ? "queries" : "reviews");
	if (queries) {
		ec_buf_addf(b, "  \"k\": %d, \"word_dist\": \"uniform\", \"alpha\": ", K);
		jnum(b, QUERY_ALPHA);
		ec_buf_adds(b, ", \"words_per_query\": \"2 + U{0..3}; the first is the intent leaf's noun "
		               "(word index = leaf index within its category)\",\n");
		ec_buf_adds(b, "  \"prior\": \"theta ~ Dirichlet(alpha * m(t)), m: intent category 1 - "
		               "deals(t) - gifts(t) - ");
		jnum(b, QUERY_OTHER);
		ec_buf_adds(b, ", each other category ");
		jnum(b, QUERY_OTHER / (NTOP - 1));
		ec_buf_adds(b, ", deals(t) = 0.04 + 0.16*t/days, gifts(t) = 0.03 + 0.10*(0.5 + "
		               "0.5*sin(2*pi*t/season_days)), t in days from the start\",\n");
	} else {
		ec_buf_addf(b, "  \"k\": %d, \"word_dist\": \"zipf\", \"zipf_s\": ", K);
		jnum(b, REVIEW_ZIPF);
		ec_buf_adds(b, ", \"alpha\": ");
		jnum(b, REVIEW_ALPHA);
		ec_buf_adds(b, ", \"background_prob\": ");
		jnum(b, P_BACKGROUND);
		ec_buf_adds(b, ", \"background_zipf_s\": 1,\n  \"words_per_review\": \"5 + Poisson(9)\",\n");
		ec_buf_adds(b, "  \"prior\": \"theta ~ Dirichlet(alpha * share(t)), share = weight / "
		               "sum(weight); weights: flat 1, rising 0.5 + 1.5*t/days, seasonal 1 + "
		               "0.8*sin(2*pi*t/season_days), fading 2*exp(-2.5*t/days); t in days from "
		               "the start\",\n");
		ec_buf_adds(b, "  \"background\": {\"zh\": ");
		jwords(b, background[0], NBG);
		ec_buf_adds(b, ", \"en\": ");
		jwords(b, background[1], NBG);
		ec_buf_adds(b, "},\n");
	}
	ec_buf_adds(b, "  \"season_days\": ");
	jnum(b, SEASON_DAYS);
	ec_buf_adds(b, ",\n  \"topics\": [\n");
	for (int k = 0; k < K; k++) {
		const char *name = queries ? qtopics[k].name : rtopics[k].name;
		const char *drift = queries ? qtopics[k].drift : rtopics[k].drift;
		ec_buf_addf(b, "    {\"id\": %d, \"name\": \"%s\", \"drift\": \"%s\", \"zh\": ", k, name, drift);
		if (queries)
			jwords(b, qtopics[k].w[0], NQWORD);
		else
			jwords(b, rtopics[k].w[0], NRWORD);
		ec_buf_adds(b, ", \"en\": ");
		if (queries)
			jwords(b, qtopics[k].w[1], NQWORD);
		else
			jwords(b, rtopics[k].w[1], NRWORD);
		ec_buf_adds(b, k + 1 < K ? "},\n" : "}\n");
	}
	ec_buf_adds(b, "  ],\n  \"weekly\": [\n");
	for (long long w = 0; w < g->nweeks; w++) {
		double p[NRTOPIC], o[NRTOPIC], tok = 0;
		for (int k = 0; k < K; k++)
			tok += obs[w][k];
		for (int k = 0; k < K; k++) {
			p[k] = tok > 0 ? plant[w][k] / tok : 0;
			o[k] = tok > 0 ? obs[w][k] / tok : 0;
		}
		ec_buf_addf(b, "    {\"week\": %lld, \"start\": \"%s\", \"docs\": %llu, \"tokens\": %.0f, "
		               "\"planted\": ", w, g->dates[w * 7], (unsigned long long)docs[w], tok);
		jnums(b, p, K, 4);
		ec_buf_adds(b, ", \"observed\": ");
		jnums(b, o, K, 4);
		ec_buf_adds(b, w + 1 < g->nweeks ? "},\n" : "}\n");
	}
	ec_buf_adds(b, "  ]\n}");
	return 0;
}

static int write_truth(struct gen *g)
{
	struct ec_buf *b = &g->line;
	const int T = EC_SYNTH_TRUTH;
	ec_buf_reset(b);
	ec_buf_adds(b, "{\n\"generator\": ");
	char gen[64];
	snprintf(gen, sizeof gen, "ec-synth %s", g->o.version ? g->o.version : "");
	jstr(b, gen);
	ec_buf_addf(b, ",\n\"seed\": %llu,\n", (unsigned long long)g->o.seed);
	ec_buf_addf(b, "\"options\": {\"users\": %lld, \"items\": %lld, \"days\": %lld, \"start\": \"%s\", "
	               "\"scale\": ", g->o.users, g->o.items, g->o.days, g->dates[0]);
	jnum(b, g->o.scale);
	ec_buf_adds(b, ", \"lang\": [");
	for (int i = 0; i < g->o.nlang; i++)
		ec_buf_addf(b, "%s\"%s\"", i ? ", " : "", lang_names[g->o.lang[i]]);
	ec_buf_adds(b, "]},\n");
	const struct ec_synth_stats *s = &g->st;
	ec_buf_addf(b, "\"counts\": {\"users\": %lld, \"items\": %lld, \"days\": %lld, \"events\": %llu, "
	               "\"sessions\": %llu, \"anonymous_sessions\": %llu, \"orders\": %llu, "
	               "\"purchases\": %llu, \"returns\": %llu, \"searches\": %llu, \"reviews\": %llu, "
	               "\"queries\": %llu, \"price_rows\": %llu, \"sales_rows\": %llu, \"faq\": %llu, "
	               "\"questions\": %llu},\n",
	            g->nusers, g->nitems, g->ndays, (unsigned long long)s->events,
	            (unsigned long long)s->sessions, (unsigned long long)s->anonymous_sessions,
	            (unsigned long long)s->orders, (unsigned long long)s->purchases,
	            (unsigned long long)s->returns, (unsigned long long)s->searches,
	            (unsigned long long)s->reviews, (unsigned long long)s->queries,
	            (unsigned long long)s->price_rows, (unsigned long long)s->sales_rows,
	            (unsigned long long)s->faq, (unsigned long long)s->questions);
	ec_buf_adds(b, "\"categories\": {");
	for (int t = 0; t < NTOP; t++) {
		ec_buf_addf(b, "%s\"%s\": [", t ? ", " : "", top_names[t]);
		for (int l = 0; l < 4; l++)
			ec_buf_addf(b, "%s\"%s\"", l ? ", " : "", leaves[t * 4 + l].name);
		ec_buf_adds(b, "]");
	}
	ec_buf_adds(b, "},\n\"leaf_popularity\": {");
	for (int l = 0; l < NLEAF; l++) {
		ec_buf_addf(b, "%s\"%s\": ", l ? ", " : "", leaves[l].name);
		jnum(b, g->leaf_pop[l]);
	}
	ec_buf_adds(b, "},\n");

	/* the event model */
	ec_buf_adds(b, "\"events\": {\n  \"hour_weights\": ");
	jnums(b, hour_w, 24, 0);
	ec_buf_adds(b, ",\n  \"dow_factors\": {");
	for (int d = 0; d < 7; d++) {
		ec_buf_addf(b, "%s\"%s\": ", d ? ", " : "", dow_names[d]);
		jnum(b, dow_factor[d]);
	}
	ec_buf_adds(b, "},\n  \"sessions_per_user_day\": {\"distribution\": \"exponential\", \"mean\": ");
	jnum(b, RATE_MEAN);
	ec_buf_adds(b, ", \"form\": \"sessions of a user on a day ~ Poisson(rate * dow_factor)\"},\n");
	ec_buf_adds(b, "  \"anonymous_share\": ");
	jnum(b, ANON_SHARE);
	ec_buf_adds(b, ", \"search_prob\": ");
	jnum(b, P_SEARCH);
	ec_buf_adds(b, ", \"stay_in_intent\": ");
	jnum(b, P_STAY);
	ec_buf_adds(b, ",\n  \"views_per_session\": {\"form\": \"1 + NegBin(mean, size)\", \"mean\": ");
	jnum(b, VIEWS_MEAN);
	ec_buf_adds(b, ", \"size\": ");
	jnum(b, VIEWS_SIZE);
	ec_buf_adds(b, "},\n  \"dwell\": {\"form\": \"lognormal seconds\", \"median\": ");
	jnum(b, DWELL_MEDIAN);
	ec_buf_adds(b, ", \"sigma\": ");
	jnum(b, DWELL_SIGMA);
	ec_buf_adds(b, ", \"click_multiplier\": ");
	jnum(b, DWELL_CLICK);
	ec_buf_adds(b, "},\n  \"user_affinity\": {\"form\": \"theta ~ Dirichlet(other_alpha + "
	               "favourite_alpha on 1-3 favourite leaves drawn by leaf_popularity)\", "
	               "\"favourites_probs\": ");
	jnums(b, nfav_prob, 3, 0);
	ec_buf_adds(b, ", \"favourite_alpha\": ");
	jnums(b, fav_alpha, 3, 0);
	ec_buf_adds(b, ", \"other_alpha\": ");
	jnum(b, FAV_ALPHA_BASE);
	ec_buf_adds(b, "},\n  \"price_sensitivity\": {\"form\": \"an item is viewed with weight "
	               "popularity * (list_price / leaf_median_price)^-beta\", \"beta\": ");
	jnums(b, beta_values, NBETA, 0);
	ec_buf_adds(b, ", \"probs\": ");
	jnums(b, beta_prob, NBETA, 0);
	ec_buf_adds(b, ", \"leaf_median_price\": {");
	for (int l = 0; l < NLEAF; l++) {
		ec_buf_addf(b, "%s\"%s\": ", l ? ", " : "", leaves[l].name);
		jnum(b, leaves[l].median);
	}
	ec_buf_adds(b, "}},\n  \"click_model\": {\"form\": \"logit P(click | view) = w0 + "
	               "w_affinity*ln(24*max(theta[user][leaf], 1e-4)) + w_promo*promo + "
	               "w_quality*quality[item]\", \"w0\": ");
	jnum(b, W0);
	ec_buf_adds(b, ", \"w_affinity\": ");
	jnum(b, W_AFF);
	ec_buf_adds(b, ", \"w_promo\": ");
	jnum(b, W_PROMO);
	ec_buf_adds(b, ", \"w_quality\": ");
	jnum(b, W_QUALITY);
	ec_buf_adds(b, "},\n  \"cart_model\": {\"form\": \"logit P(cart | click) = c0 + "
	               "c_affinity*ln(24*max(theta[user][leaf], 1e-4))\", \"c0\": ");
	jnum(b, C0);
	ec_buf_adds(b, ", \"c_affinity\": ");
	jnum(b, C_AFF);
	ec_buf_adds(b, "},\n  \"purchase\": {\"form\": \"P(purchase | cart) = p * promo_lift^promo "
	               "(promo: the item's promotion that day, see prices.csv)\", \"p\": ");
	jnum(b, P_BUY);
	ec_buf_adds(b, ", \"promo_lift\": ");
	jnum(b, PROMO_LIFT);
	ec_buf_addf(b, ", \"observed\": {\"carts\": %llu, \"purchased\": %llu, \"carts_promo\": %llu, "
	               "\"purchased_promo\": %llu, \"lift\": ",
	            (unsigned long long)g->carts[0], (unsigned long long)g->bought[0],
	            (unsigned long long)g->carts[1], (unsigned long long)g->bought[1]);
	double r0 = ratio(g->bought[0], g->carts[0]), r1 = ratio(g->bought[1], g->carts[1]);
	jopt(b, r0 > 0 && g->carts[1], r0 > 0 ? r1 / r0 : 0);
	ec_buf_adds(b, "}},\n  \"return_prob\": {");
	for (int l = 0; l < NLEAF; l++) {
		ec_buf_addf(b, "%s\"%s\": ", l ? ", " : "", leaves[l].name);
		jnum(b, leaves[l].ret);
	}
	ec_buf_adds(b, "},\n  \"return_delay_days\": [2, 14], \"review_prob\": ");
	jnum(b, P_REVIEW);
	ec_buf_adds(b, ", \"review_delay_hours\": [6, 120]\n},\n");

	/* associations, with what the written events show */
	ec_buf_adds(b, "\"associations\": [\n");
	uint64_t buyers = 0, bu[NPAIR] = { 0 }, ua[NPAIR] = { 0 }, uab[NPAIR] = { 0 };
	for (long long i = 0; i < g->nusers; i++) {
		const struct user *u = &g->users[i];
		buyers += u->bought != 0;
		for (int p = 0; p < NLATER; p++) {
			ua[p] += u->first_a[p] != 0;
			uab[p] += (u->after >> p) & 1;
			bu[p] += (u->bought >> pairs[p].b) & 1;
		}
	}
	for (int p = 0; p < NPAIR; p++) {
		int later = p < NLATER;
		ec_buf_addf(b, "  {\"kind\": \"%s\", \"antecedent\": \"%s\", \"consequent\": \"%s\", ",
		            later ? "later" : "basket", leaves[pairs[p].a].name, leaves[pairs[p].b].name);
		if (later) {
			ec_buf_adds(b, "\"prob_per_session\": ");
			jnum(b, P_LATER);
			ec_buf_addf(b, ", \"window_days\": %d, \"observed\": {\"antecedent_users\": %llu, "
			               "\"consequent_after_users\": %llu, \"consequent_users\": %llu, "
			               "\"buyers\": %llu, \"confidence\": ",
			            LATER_WINDOW, (unsigned long long)ua[p], (unsigned long long)uab[p],
			            (unsigned long long)bu[p], (unsigned long long)buyers);
			double conf = ratio(uab[p], ua[p]), base = ratio(bu[p], buyers);
			jopt(b, ua[p] > 0, conf);
			ec_buf_adds(b, ", \"lift\": ");
			jopt(b, ua[p] > 0 && base > 0, base > 0 ? conf / base : 0);
		} else {
			ec_buf_adds(b, "\"prob_add\": ");
			jnum(b, P_BASKET);
			ec_buf_adds(b, ", \"prob_buy_with\": ");
			jnum(b, P_BASKET_BUY);
			ec_buf_addf(b, ", \"observed\": {\"antecedent_orders\": %llu, \"both_orders\": %llu, "
			               "\"consequent_orders\": %llu, \"orders\": %llu, \"confidence\": ",
			            (unsigned long long)g->b_a[p], (unsigned long long)g->b_ab[p],
			            (unsigned long long)g->b_b[p], (unsigned long long)g->b_orders);
			double conf = ratio(g->b_ab[p], g->b_a[p]), base = ratio(g->b_b[p], g->b_orders);
			jopt(b, g->b_a[p] > 0, conf);
			ec_buf_adds(b, ", \"lift\": ");
			jopt(b, g->b_a[p] > 0 && base > 0, base > 0 ? conf / base : 0);
		}
		ec_buf_adds(b, p + 1 < NPAIR ? "}},\n" : "}}\n");
	}
	ec_buf_adds(b, "],\n");

	/* users: top-3 leaves by theta */
	ec_buf_adds(b, "\"users\": {\n");
	char id[40];
	for (long long i = 0; i < g->nusers; i++) {
		const struct user *u = &g->users[i];
		int top[3] = { -1, -1, -1 };
		for (int j = 0; j < 3; j++)
			for (int l = 0; l < NLEAF; l++) {
				if (l == top[0] || l == top[1])
					continue;
				if (top[j] < 0 || u->theta[l] > u->theta[top[j]])
					top[j] = l;
			}
		put_id(id, 'u', (uint64_t)i + 1, g->uw);
		ec_buf_addf(b, "\"%s\": {\"top\": [", id);
		for (int j = 0; j < 3; j++) {
			ec_buf_addf(b, "%s[\"%s\", ", j ? ", " : "", leaves[top[j]].name);
			jnum(b, rnd(u->theta[top[j]], 4));
			ec_buf_addc(b, ']');
		}
		ec_buf_adds(b, "], \"sessions_per_day\": ");
		jnum(b, u->rate);
		ec_buf_adds(b, ", \"beta\": ");
		jnum(b, beta_values[u->beta]);
		ec_buf_addf(b, ", \"lang\": \"%s\"}%s\n", lang_names[u->lang], i + 1 < g->nusers ? "," : "");
		if (b->len > 1 << 16 && flush_buf(g, T, b) < 0)
			return -1;
	}
	ec_buf_adds(b, "},\n\"items\": {\n");
	for (long long i = 0; i < g->nitems; i++) {
		const struct item *x = &g->items[i];
		put_id(id, 'i', (uint64_t)i + 1, g->iw);
		ec_buf_addf(b, "\"%s\": {\"category\": \"%s\", \"popularity\": ", id, leaves[x->leaf].name);
		jnum(b, x->pop);
		ec_buf_adds(b, ", \"quality\": ");
		jnum(b, x->quality);
		ec_buf_adds(b, ", \"list_price\": ");
		jnum(b, x->list);
		ec_buf_addf(b, "}%s\n", i + 1 < g->nitems ? "," : "");
		if (b->len > 1 << 16 && flush_buf(g, T, b) < 0)
			return -1;
	}
	ec_buf_adds(b, "},\n");

	/* pricing */
	ec_buf_addf(b, "\"pricing\": {\n  \"items\": %lld, \"form\": \"qty ~ Poisson(base * (price / "
	               "list_price)^elasticity * dow_factor * promo_lift^promo)\",\n  \"promo_lift\": ",
	            g->npriced);
	jnum(b, PRICE_PROMO_LIFT);
	ec_buf_adds(b, ", \"dow_factors\": {");
	for (int d = 0; d < 7; d++) {
		ec_buf_addf(b, "%s\"%s\": ", d ? ", " : "", dow_names[d]);
		jnum(b, dow_factor[d]);
	}
	ec_buf_adds(b, "}, \"comp_price_effect\": 0,\n  \"category_mean_elasticity\": {");
	for (int t = 0; t < NTOP; t++) {
		ec_buf_addf(b, "%s\"%s\": ", t ? ", " : "", top_names[t]);
		jnum(b, g->elast_mean[t]);
	}
	ec_buf_adds(b, "}, \"elasticity_sd\": ");
	jnum(b, ELAST_SD);
	ec_buf_adds(b, ", \"elasticity_range\": [-3.5, -0.5],\n  \"walk\": {\"fixed_share\": ");
	jnum(b, P_FIXED);
	ec_buf_adds(b, ", \"p_change\": ");
	jnum(b, P_CHANGE);
	ec_buf_adds(b, ", \"change_sigma\": ");
	jnum(b, CHANGE_SIGMA);
	ec_buf_adds(b, ", \"p_promo\": ");
	jnum(b, P_PROMO);
	ec_buf_adds(b, ", \"promo_days\": [3, 7], \"promo_discount\": [0.1, 0.3]}\n},\n");
	ec_buf_adds(b, "\"elasticity\": {\n");
	for (long long i = 0; i < g->npriced; i++) {
		const struct item *x = &g->items[i];
		put_id(id, 'i', (uint64_t)i + 1, g->iw);
		ec_buf_addf(b, "\"%s\": {\"elasticity\": ", id);
		jnum(b, x->elasticity);
		ec_buf_adds(b, ", \"base\": ");
		jnum(b, x->base);
		ec_buf_adds(b, ", \"list_price\": ");
		jnum(b, x->list);
		ec_buf_addf(b, ", \"category\": \"%s\", \"fixed_price\": %s}%s\n", leaves[x->leaf].name,
		            x->fixed ? "true" : "false", i + 1 < g->npriced ? "," : "");
	}
	ec_buf_adds(b, "},\n");

	/* sales */
	ec_buf_adds(b, "\"sales\": {\n  \"weekly\": {\"period\": 7, \"peak_dow\": \"Sat\", \"form\": "
	               "\"1 + weekly_amplitude*cos(2*pi*(dow - 5)/7), dow 0 = Monday\"},\n");
	ec_buf_addf(b, "  \"yearly\": {\"active\": %s, \"period\": 365.25, \"form\": \"1 + "
	               "amplitude*cos(2*pi*(day_of_year - peak_day_of_year)/365.25), applied when "
	               "days >= 365\", \"amplitude\": {",
	            g->ndays >= 365 ? "true" : "false");
	for (int t = 0; t < NTOP; t++) {
		ec_buf_addf(b, "%s\"%s\": ", t ? ", " : "", top_names[t]);
		jnum(b, yearly_amp[t]);
	}
	ec_buf_adds(b, "}, \"peak_day_of_year\": {");
	for (int t = 0; t < NTOP; t++)
		ec_buf_addf(b, "%s\"%s\": %d", t ? ", " : "", top_names[t], yearly_peak[t]);
	ec_buf_adds(b, "}},\n  \"smooth\": \"value ~ NegBin(mean = base * exp(trend*t/365) * weekly * "
	               "yearly, size)\", \"size\": ");
	jnum(b, SALES_SIZE);
	ec_buf_adds(b, ",\n  \"intermittent\": \"value = 0 with probability 1 - p, else "
	               "ceil(Gamma(2, (size_mean - 0.5)/2)) (mean about size_mean)\", "
	               "\"intermittent_share\": ");
	jnum(b, P_INTERMITTENT);
	ec_buf_adds(b, ",\n  \"categories\": \"series cat:LEAF and cat:TOP are the sums of their "
	               "items' series\"\n},\n\"sales_items\": {\n");
	for (long long i = 0; i < g->nitems; i++) {
		const struct item *x = &g->items[i];
		put_id(id, 'i', (uint64_t)i + 1, g->iw);
		if (x->kind) {
			ec_buf_addf(b, "\"%s\": {\"kind\": \"intermittent\", \"p\": ", id);
			jnum(b, x->s_p);
			ec_buf_adds(b, ", \"size_mean\": ");
			jnum(b, x->s_size);
			ec_buf_adds(b, ", \"observed_p\": ");
			jnum(b, x->obs_p);
			ec_buf_adds(b, ", \"observed_size_mean\": ");
			jnum(b, x->obs_size);
		} else {
			ec_buf_addf(b, "\"%s\": {\"kind\": \"smooth\", \"base\": ", id);
			jnum(b, x->s_base);
			ec_buf_adds(b, ", \"trend\": ");
			jnum(b, x->s_trend);
			ec_buf_adds(b, ", \"weekly_amplitude\": ");
			jnum(b, x->s_amp);
		}
		ec_buf_addf(b, "}%s\n", i + 1 < g->nitems ? "," : "");
		if (b->len > 1 << 16 && flush_buf(g, T, b) < 0)
			return -1;
	}
	ec_buf_adds(b, "},\n\"intermittent\": [");
	int first = 1, col = 0;
	for (long long i = 0; i < g->nitems; i++) {
		if (!g->items[i].kind)
			continue;
		put_id(id, 'i', (uint64_t)i + 1, g->iw);
		ec_buf_addf(b, "%s%s\"%s\"", first ? "" : ",", col % 10 == 0 ? "\n" : " ", id);
		first = 0;
		col++;
		if (b->len > 1 << 16 && flush_buf(g, T, b) < 0)
			return -1;
	}
	ec_buf_adds(b, "\n],\n");

	/* topics */
	ec_buf_adds(b, "\"topics\": {\n");
	truth_topics(g, b, 0);
	ec_buf_adds(b, ",\n");
	truth_topics(g, b, 1);
	ec_buf_adds(b, "\n},\n");
	ec_buf_addf(b, "\"faq\": {\"entries\": %llu, \"questions\": %llu, \"paraphrases_per_entry\": %d, "
	               "\"out_of_scope_share\": ",
	            (unsigned long long)g->st.faq, (unsigned long long)g->st.questions, FAQ_QUESTIONS);
	jnum(b, OOS_SHARE);
	ec_buf_adds(b, "}\n}\n");
	return flush_buf(g, T, b);
}

/* ---- the whole run ---- */

void ec_synth_defaults(struct ec_synth_opts *o)
{
	memset(o, 0, sizeof *o);
	o->seed = 1;
	o->users = 2000;
	o->items = 500;
	o->days = 120;
	o->start = ec_days_from_civil(2024, 1, 1);
	o->scale = 1;
	o->nlang = 2;
	o->lang[0] = EC_SYNTH_ZH;
	o->lang[1] = EC_SYNTH_EN;
}

long long ec_synth_users(const struct ec_synth_opts *o)
{
	double u = llround((double)o->users * o->scale);
	return u < 1 ? 1 : (long long)u;
}

#define MAX_USERS 50000000LL

const char *ec_synth_check(const struct ec_synth_opts *o)
{
	if (o->users < 1)
		return "users must be at least 1";
	if (o->items < 1)
		return "items must be at least 1";
	if (o->items > 10000000)
		return "items must be at most 10000000";
	if (o->days < 1 || o->days > 3660)
		return "days must be between 1 and 3660";
	if (!(o->scale > 0) || !isfinite(o->scale))
		return "scale must be positive";
	if ((double)o->users * o->scale > (double)MAX_USERS)
		return "users x scale must be at most 50000000";
	if (o->nlang < 1 || o->nlang > 2)
		return "one or two languages";
	for (int i = 0; i < o->nlang; i++)
		if (o->lang[i] != EC_SYNTH_ZH && o->lang[i] != EC_SYNTH_EN)
			return "unknown language";
	if (o->nlang == 2 && o->lang[0] == o->lang[1])
		return "a language is given twice";
	int64_t y;
	int m, d;
	ec_civil_from_days(o->start + o->days, &y, &m, &d);
	if (o->start < 0 || y > 9999)
		return "start date out of range";
	return NULL;
}

static void gen_free(struct gen *g)
{
	for (int i = 0; i < EC_SYNTH_NFILES; i++)
		ec_writer_close(g->w[i]);
	for (int l = 0; l < NLEAF; l++) {
		free(g->leaf_items[l]);
		for (int b = 0; b < NBETA; b++)
			ec_alias_free(&g->alias[l][b]);
	}
	ec_alias_free(&g->hours);
	ec_alias_free(&g->fav_leaf);
	free(g->items);
	free(g->users);
	free(g->day.v);
	free(g->carry.v);
	free(g->qdocs.v);
	free(g->rdocs.v);
	for (int i = 0; i < RING; i++)
		free(g->ring[i].v);
	ec_buf_free(&g->text);
	ec_buf_free(&g->line);
	ec_buf_free(&g->tmp);
	free(g->dates);
	free(g->rweek);
	free(g->rplant);
	free(g->qweek);
	free(g->qplant);
	free(g->rweek_docs);
	free(g->qweek_docs);
}

static int open_writer(struct gen *g, int f, enum ec_format fmt, const char *const *names,
                       const enum ec_col_type *types, size_t n)
{
	if (ec_writer_open(&g->w[f], g->out[f], fmt, names, types, n) < 0)
		return fail(g, "%s", *ec_output_error(g->out[f]) ? ec_output_error(g->out[f])
		                                                  : "out of memory");
	return 0;
}

static int open_writers(struct gen *g)
{
	static const char *const cat[] = { "item", "title", "category", "brand", "price", "cost",
		                           "stock", "promo", "min_price", "max_price" };
	static const enum ec_col_type catt[] = { EC_COL_STR, EC_COL_STR, EC_COL_STR, EC_COL_STR,
		                                 EC_COL_NUM, EC_COL_NUM, EC_COL_NUM, EC_COL_NUM,
		                                 EC_COL_NUM, EC_COL_NUM };
	static const char *const pr[] = { "item", "ts", "price", "comp_price", "promo", "qty",
		                          "cost", "category" };
	static const char *const sa[] = { "series", "ts", "value" };
	static const char *const dc[] = { "id", "ts", "item", "user", "text", "lang" };
	static const char *const fq[] = { "id", "question", "answer", "category" };
	static const char *const qu[] = { "id", "text", "answer_id" };
	if (open_writer(g, EC_SYNTH_CATALOG, EC_FORMAT_CSV, cat, catt, 10) < 0 ||
	    open_writer(g, EC_SYNTH_EVENTS, EC_FORMAT_JSONL, ec_ev_names, ec_ev_types, EC_EV_NCOLS) < 0 ||
	    open_writer(g, EC_SYNTH_PRICES, EC_FORMAT_CSV, pr, NULL, 8) < 0 ||
	    open_writer(g, EC_SYNTH_SALES, EC_FORMAT_CSV, sa, NULL, 3) < 0 ||
	    open_writer(g, EC_SYNTH_REVIEWS, EC_FORMAT_JSONL, dc, NULL, 6) < 0 ||
	    open_writer(g, EC_SYNTH_QUERIES, EC_FORMAT_JSONL, dc, NULL, 6) < 0 ||
	    open_writer(g, EC_SYNTH_FAQ, EC_FORMAT_JSONL, fq, NULL, 4) < 0 ||
	    open_writer(g, EC_SYNTH_QUESTIONS, EC_FORMAT_JSONL, qu, NULL, 3) < 0)
		return -1;
	return 0;
}

int ec_synth_run(const struct ec_synth_opts *o, struct ec_output *const out[EC_SYNTH_NFILES],
                 struct ec_synth_stats *st, char *err, size_t errlen)
{
	const char *why = ec_synth_check(o);
	if (why) {
		snprintf(err, errlen, "%s", why);
		return -1;
	}
	struct gen *g = calloc(1, sizeof *g);
	if (!g) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	g->o = *o;
	g->err = err;
	g->errlen = errlen;
	g->nusers = ec_synth_users(o);
	g->nitems = o->items;
	g->ndays = o->days;
	g->npriced = o->items < PRICED_MAX ? o->items : PRICED_MAX;
	g->t0 = o->start * DAY;
	g->tend = g->t0 + o->days * DAY;
	g->uw = digits(g->nusers) > 4 ? digits(g->nusers) : 4;
	g->iw = digits(g->nitems) > 4 ? digits(g->nitems) : 4;
	g->nweeks = (o->days + 6) / 7;
	ec_buf_init(&g->text);
	ec_buf_init(&g->line);
	ec_buf_init(&g->tmp);
	for (int i = 0; i < EC_SYNTH_NFILES; i++)
		g->out[i] = out[i];
	ec_rng_seed_stream(&g->rcat, o->seed, RS_CATALOG);
	ec_rng_seed_stream(&g->rusers, o->seed, RS_USERS);
	ec_rng_seed_stream(&g->rprices, o->seed, RS_PRICES);
	ec_rng_seed_stream(&g->rpqty, o->seed, RS_PQTY);
	ec_rng_seed_stream(&g->rsales, o->seed, RS_SALES);
	ec_rng_seed_stream(&g->rev, o->seed, RS_EVENTS);
	ec_rng_seed_stream(&g->rtext, o->seed, RS_TEXT);
	ec_rng_seed_stream(&g->rfaq, o->seed, RS_FAQ);
	ec_zipf_init(&g->rz, NRWORD, REVIEW_ZIPF);
	ec_zipf_init(&g->bgz, NBG, 1.0);

	int rc = -1;
	size_t W = (size_t)g->nweeks;
	g->dates = malloc((size_t)g->ndays * sizeof *g->dates);
	g->rweek = calloc(W, sizeof *g->rweek);
	g->rplant = calloc(W, sizeof *g->rplant);
	g->qweek = calloc(W, sizeof *g->qweek);
	g->qplant = calloc(W, sizeof *g->qplant);
	g->rweek_docs = calloc(W, sizeof *g->rweek_docs);
	g->qweek_docs = calloc(W, sizeof *g->qweek_docs);
	if (!g->dates || !g->rweek || !g->rplant || !g->qweek || !g->qplant || !g->rweek_docs ||
	    !g->qweek_docs) {
		fail(g, "out of memory");
		goto done;
	}
	for (long long d = 0; d < g->ndays; d++) {
		char t[EC_TIME_LEN];
		ec_time_format((o->start + d) * DAY, t);
		memcpy(g->dates[d], t, 10);
		g->dates[d][10] = '\0';
	}
	if (open_writers(g) < 0 || setup_catalog(g) < 0 || setup_users(g) < 0 ||
	    setup_prices(g) < 0 || run_sales(g) < 0 || run_days(g) < 0 || write_catalog(g) < 0 ||
	    write_faq(g) < 0 || write_truth(g) < 0)
		goto done;
	g->st.users = (uint64_t)g->nusers;
	g->st.items = (uint64_t)g->nitems;
	g->st.days = (uint64_t)g->ndays;
	if (st)
		*st = g->st;
	rc = 0;
done:
	gen_free(g);
	free(g);
	return rc;
}
