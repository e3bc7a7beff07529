package name

import (
	"strings"
	"unicode"
)

// Foreign names in Chinese characters. Chinese writes a foreign name with
// characters chosen for their sound from a standard set (the Xinhua
// tables for transcribing Russian, Arabic, English and other names:
// 弗拉基米尔·普京 Vladimir Putin, 奥萨马·本·拉登 Osama bin Laden), and those
// characters are not read as Mandarin words. Read as pinyin they make
// "fulajimier pujing"; read with the values the tables give them they make
// "vlakimir pujin". hanTranscription holds those values: the consonant
// alone for the characters that stand for a final or clustered consonant
// (尔 r, 克 k, 斯 s, 特 t, 夫 v, 姆 m, 弗 v, 格 g, 兹 z, 茨 ts, 什 sh, 赫 h),
// r for the characters the tables give to r (里 ri, 罗 ro, 鲁 ru) and l
// for those they give to l (利 li, 洛 lo, 卢 lu), v for в/w (瓦 va, 维 vi,
// 沃 vo), and the Wade-like ki, chi, ji values of the Russian tables.
// Facts from the published tables, our own list.

// hanTranscriptionTable lists the values, one a line: value, space,
// characters (simplified and traditional).
const hanTranscriptionTable = `a 阿
e 埃厄
ai 艾
an 安
ang 昂
o 奥欧
en 恩
i 伊
in 因
ing 英
ong 翁
u 乌
un 温
ya 亚雅娅婭亞
ye 耶叶葉
yo 约約
yu 尤于优優
yan 延
yang 扬揚杨楊阳陽
ba 巴
bai 拜
ban 班
bang 邦
bao 鲍鮑
be 贝貝
ben 本
bi 比
bin 宾賓滨濱
bo 波博伯
bu 布卜
pa 帕
pai 派
pan 潘
pe 佩
pi 皮
ping 平
po 珀坡
pu 普
da 达達
dai 戴代黛
dan 丹
de 德
den 登
di 迪狄
din 丁
do 多
du 杜
dun 敦
dong 东東
ta 塔
tai 泰台
tan 坦
tang 唐汤湯
tao 陶
t 特
ten 滕
ti 提蒂
tin 廷
to 托
tu 图圖
ga 加
gai 盖蓋
gan 甘
gang 冈岡
gao 高
g 格
gen 根
gi 吉
go 戈哥歌果
gu 古
gua 瓜
guan 关關
ka 卡
kai 凯凱
kan 坎
kang 康
k 克
ken 肯
ki 基
ko 科柯珂
ku 库庫
kun 昆
kong 孔
fa 法
fan 凡
fang 方
fe 费費
fen 芬
fi 菲
v 弗夫
fo 福佛
fu 富芙
va 瓦娃
ve 韦韋
vi 维維
vo 沃
vu 武
van 万萬
ven 文
ha 哈
hai 海
han 汉漢汗
hang 杭
h 赫
hen 亨
hi 希
ho 霍
hu 胡
hong 洪
la 拉
lai 莱萊
lan 兰蘭
lang 朗
lao 劳勞
le 勒列
lei 雷
li 利莉丽麗
lin 林琳
lo 洛
lu 卢盧
lun 伦倫
long 隆
r 尔爾
ri 里
ro 罗羅
ru 鲁魯
rui 瑞
ma 马馬玛瑪
mai 迈邁麦麥
man 曼
me 梅
men 门門
mong 蒙
mi 米
min 明敏
mo 莫摩默
mu 穆
m 姆
na 纳納娜
nai 奈
nan 南
ne 内內
ni 尼妮
nin 宁寧
no 诺諾
nu 努
nie 涅
sa 萨薩
sai 赛賽
san 桑
se 塞
sen 森
si 西
sin 辛
so 索
su 苏蘇
s 斯
sha 莎沙夏
she 谢謝舍
sho 绍紹肖
shu 舒
sh 什
za 扎
ze 泽澤
z 兹茲
zo 佐
zu 祖
zan 赞贊
ts 茨
cha 查恰
che 切
chi 奇契
chin 琴钦欽
cho 乔喬
chu 楚丘
ja 贾賈
je 杰傑
jin 金京
ju 朱
zhan 让讓
zhe 热熱
zhu 茹
zho 若
wa 旺
`

var hanTranscription = func() map[rune]string {
	m := map[rune]string{}
	for _, line := range strings.Split(strings.TrimSpace(hanTranscriptionTable), "\n") {
		v, chars, _ := strings.Cut(line, " ")
		for _, r := range chars {
			m[r] = v
		}
	}
	return m
}()

// hanForeignMarkers are transcription characters that Chinese names
// hardly use, so that a run of transcription characters holding one is a
// foreign name even without a separator dot (普京 Putin, 拉夫罗夫 Lavrov).
const hanForeignMarkers = "斯尔爾夫弗姆克兹茲茨娃娅婭普萨薩奥蒂迪"

// hanCommonSurnames are the commonest Chinese surnames; a run of
// transcription characters that starts with one is read as a Chinese name
// unless it holds a marker (马杜罗 could be Ma Duluo; 马斯克 is Musk).
const hanCommonSurnames = "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧曹彭曾肖田董袁潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鐘谭譚陆陸汪范金石廖贾賈夏韦韋付方白邹鄒孟熊秦邱江尹薛闫闫段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬钱錢严嚴覃武戴莫孔向汤湯"

// hanTranscribedRun reports whether the run of Han characters rs is a
// foreign name spelled with transcription characters: every character is
// one, and it holds a marker, or it has three characters or more and does
// not start with a common surname.
func hanTranscribedRun(rs []rune) bool {
	if len(rs) < 2 {
		return false
	}
	marker := false
	for _, r := range rs {
		if _, ok := hanTranscription[r]; !ok {
			return false
		}
		marker = marker || strings.ContainsRune(hanForeignMarkers, r)
	}
	return marker || len(rs) >= 3 && !strings.ContainsRune(hanCommonSurnames, rs[0])
}

// hanTranscribed reports whether s holds a run of Han characters that is a
// foreign name (see hanTranscribedRun).
func hanTranscribed(s string) bool {
	var run []rune
	for _, r := range s + " " {
		if isHan(r) {
			run = append(run, r)
			continue
		}
		if hanTranscribedRun(run) {
			return true
		}
		run = run[:0]
	}
	return false
}

// hanForeignWord romanises one part of a foreign name in Chinese
// characters as one word, each character by its transcription value, or
// its pinyin when it has none.
func hanForeignWord(p string) string {
	var b strings.Builder
	for _, r := range p {
		if v, ok := hanTranscription[r]; ok {
			b.WriteString(v)
			continue
		}
		if isHan(r) || unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteString(strings.ReplaceAll(ToLatin(string(r)), " ", ""))
		}
	}
	return b.String()
}
