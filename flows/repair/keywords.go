package repair

import (
	"slices"
	"strings"

	"github.com/houqin/houqin/flows"
)

// kind says what a keyword names; it decides which keyword of a report
// names the broken thing.
type kind int

const (
	thing   kind = iota // 课桌, 灯管: the broken thing itself
	symptom             // 漏水, 跳闸: what is wrong
	place               // 厕所: where, which hints at the trade
	neutral             // 门卫: no trade, only hides shorter keywords inside it
)

// keywordTable lists the words of repair reports by trade. A word ending
// in ! is a large job (see GuessRepair).
var keywordTable = []struct {
	trade flows.Trade
	kind  kind
	words string
}{
	{flows.TradeCarpentry, thing, `
		课桌 课椅 桌子 桌 书桌 办公桌 餐桌 讲桌 电脑桌 桌腿 桌板 椅子 椅 椅腿 椅背 凳子 凳 板凳
		门 教室门 房门 木门 铁门 防盗门 大门 校门 门板 门框 门锁 锁 锁芯 锁头 钥匙 门把手 门把 把手 拉手
		合页 铰链 门吸 闭门器 插销 窗 窗户 窗子 窗框 窗扇 纱窗 玻璃 柜 柜子 柜门 衣柜 书柜 储物柜
		文件柜 鞋柜 抽屉 黑板 讲台 床 床板 床铺 上下铺 床架 床梯 书架 货架 置物架`},
	{flows.TradeElectrical, thing, `
		灯 灯管 灯泡 日光灯 电灯 台灯 路灯 吸顶灯 应急灯 黑板灯 led灯 灯具 灯罩 插座 插头 排插 插排 插线板
		开关 电线 线路 电路 电闸 空开 漏保 电表 配电箱! 配电柜! 变压器! 风扇 吊扇 电扇 壁扇 排气扇
		换气扇 排风扇 空调 柜机 挂机 电铃`},
	{flows.TradeElectrical, symptom, `跳闸 停电 断电 没电 漏电 短路 冒烟 打火 冒火花 不亮`},
	{flows.TradeElectrical, place, `配电室 配电房 电房`},
	{flows.TradePlumbing, thing, `
		水龙头 龙头 下水道 下水管 地漏 马桶 坐便 坐便器 蹲便 蹲便器 蹲坑 便池 小便池 小便斗 大便池
		冲水阀 水箱 水管 管道 水阀 阀门 总阀 洗手池 水池 水槽 洗手盆 面盆 拖把池 淋浴 花洒 喷头
		暖气 暖气片 散热器 热水器 开水器 饮水机 净水器 直饮机 化粪池! 水表 水泵`},
	{flows.TradePlumbing, symptom, `漏水 滴水 渗水 冒水 跑水 堵 堵塞 不通 不下水 下水慢 不冲水 冲不下去 没水 停水 没有热水 没热水 水压`},
	{flows.TradePlumbing, place, `厕所 男厕所 女厕所 男厕 女厕 卫生间 洗手间 水房 开水房 浴室 澡堂 洗漱间`},
	{flows.TradeAV, thing, `
		投影 投影仪 投影机 幕布 电脑 计算机 主机 显示器 屏幕 显示屏 鼠标 键盘 一体机 电子白板 交互白板 白板
		智慧黑板 电子黑板 触摸屏 班班通 展台 实物展台 电子班牌 网络 网线 网口 wifi wi-fi 无线网 路由器
		交换机 音响 音箱 功放 话筒 麦克风 扩音器 小蜜蜂 广播 电视 打印机 复印机 扫描仪 监控 摄像头 门禁 录播`},
	{flows.TradeAV, symptom, `断网 没网 上不了网 网速 没声音 黑屏 蓝屏 死机`},
	{flows.TradeAV, place, `机房 微机室 广播室`},
	{flows.TradeBuilding, thing, `
		屋顶! 房顶! 楼顶! 墙 墙面 墙壁 墙皮 墙砖 墙体! 外墙 内墙 围墙 地面 地板 地砖 瓷砖 天花板 吊顶
		台阶 楼梯 扶手 栏杆 护栏 窗台 踢脚线 井盖 雨棚 屋檐 防水层! 排水沟`},
	{flows.TradeBuilding, symptom, `漏雨! 裂缝! 坍塌! 塌陷! 倒塌! 开裂 脱落 起鼓 空鼓 发霉`},
	{flows.TradeBuilding, place, `阳台 走廊 楼道 操场 跑道`},
	{flows.TradeGeneral, thing, `
		窗帘 窗帘杆 电梯! 垃圾桶 篮球架 球架 旗杆 宣传栏 公告栏 展板 晾衣架 消防栓 消火栓 灭火器
		伸缩门 电动门 道闸 车棚 自行车棚 滑梯 秋千 单杠 双杠 镜子 挂钟 时钟`},
	{"", neutral, `门卫 门口 门前 部门 专门 门诊 窗口 起床 堵车 电话`},
}

// largePhrases mark a large job wherever they occur: a burst pipe, a
// collapsing ceiling, and damage across a floor, a building or the school.
var largePhrases = strings.Fields(`水管爆 水管裂 管道爆 管子爆 爆管 天花板塌 吊顶塌 墙裂
	整层 整栋 整幢 整座楼 全楼 整楼 整个楼 整个教学楼 整个宿舍楼 整个学校 全校 大面积 多个教室 所有教室 好几个教室`)

type keyword struct {
	word  []rune
	trade flows.Trade
	kind  kind
	large bool
}

// keywordsByFirst indexes the keywords by first rune, longest first.
var keywordsByFirst = func() map[rune][]keyword {
	m := map[rune][]keyword{}
	for _, row := range keywordTable {
		for _, w := range strings.Fields(row.words) {
			w, large := strings.CutSuffix(w, "!")
			k := keyword{word: []rune(w), trade: row.trade, kind: row.kind, large: large}
			m[k.word[0]] = append(m[k.word[0]], k)
		}
	}
	for _, ks := range m {
		slices.SortStableFunc(ks, func(a, b keyword) int { return len(b.word) - len(a.word) })
	}
	return m
}()

// modifierTails follow a thing that only says where another thing is:
// 黑板上方的灯, 讲台上的电脑, 门的玻璃.
var modifierTails = runeWords("的 上的 下的 里的 内的 边的 旁的 旁边的 边上的 上面的 上方的 下面的 下方的 里面的 后面的 前面的 后的 前的 附近的 顶上的 底下的")

// classify finds the trade, item and severity of a canonical description;
// see GuessRepair.
func classify(r []rune) (trade flows.Trade, item string, large bool) {
	c := canon{r: r}
	type hit struct {
		k    keyword
		at   int
		rank int
	}
	var best *hit
	for i := 0; i < len(r); {
		var k *keyword
		for j, cand := range keywordsByFirst[r[i]] {
			if c.hasPrefixAt(i, cand.word) {
				k = &keywordsByFirst[r[i]][j]
				break
			}
		}
		if k == nil {
			i++
			continue
		}
		h := hit{k: *k, at: i, rank: int(k.kind) + 1}
		i += len(k.word)
		if k.kind == thing {
			h.rank = 0
			if slices.ContainsFunc(modifierTails, func(w []rune) bool { return c.hasPrefixAt(i, w) }) {
				h.rank = 1
			}
		}
		if k.large && k.kind == symptom {
			large = true
		}
		if k.trade == "" {
			continue
		}
		if best == nil || h.rank < best.rank || (h.rank == best.rank && len(h.k.word) > len(best.k.word)) {
			best = &h
		}
	}
	s := string(r)
	if slices.ContainsFunc(largePhrases, func(p string) bool { return strings.Contains(s, p) }) {
		large = true
	}
	if best == nil {
		return "", "", large
	}
	if best.k.kind == thing {
		item = string(best.k.word)
	}
	return best.k.trade, item, large || best.k.large
}
