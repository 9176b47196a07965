package main

import (
	"fmt"
	"regexp"
)

var disposeRE = regexp.MustCompile(`已处理 (\d+)`)

// playSamples: breakfast samples logged in one message, lunch logged
// against the menu with one dish under 125 g corrected, a 陪餐 record by
// the 分管领导 with a problem passed to the 总务主任, an early disposal
// refused, and the alert when dinner has no samples an hour after it ends.
func (d *demo) playSamples() {
	fmt.Fprintln(d.out, "\n【留样：早餐，一条消息记完】")
	d.at("07:30")
	d.say("钱阿姨", "留样 早餐\n馒头 130g\n小米粥 150克\n煮鸡蛋 3两\n温度 4度")
	d.say("钱阿姨", "1")

	fmt.Fprintln(d.out, "\n【菜谱：食堂在聊天里录入今天的午餐】")
	d.at("08:10")
	d.note("也可以由总务处用 houqin menu set 导入一周的菜单")
	d.say("钱阿姨", "今天午餐菜谱：红烧肉、清炒菜心、米饭、紫菜蛋汤")
	d.say("钱阿姨", "1")

	fmt.Fprintln(d.out, "\n【留样：午餐按菜谱记重量，一个菜不足 125 克 → 补足】")
	d.at("12:50")
	d.say("钱阿姨", "留样")
	d.say("钱阿姨", "130 118 150 140")
	d.say("钱阿姨", "清炒菜心 130")
	d.say("钱阿姨", "4")
	lunch := d.say("钱阿姨", "1")

	fmt.Fprintln(d.out, "\n【陪餐：分管领导和学生一起吃午餐】")
	d.at("13:05")
	d.say("刘副校长", "陪餐")
	d.say("刘副校长", "按菜单")
	d.say("刘副校长", "5 4 5")
	d.say("刘副校长", "清炒菜心偏咸，其他都好")
	d.say("刘副校长", "1")

	d.at("13:20")
	d.note("留样不满 48 小时不能处理")
	for _, r := range lunch {
		if m := disposeRE.FindStringSubmatch(r.Text); m != nil {
			d.say("钱阿姨", "已处理 "+m[1])
			break
		}
	}

	fmt.Fprintln(d.out, "\n【未留样提醒：晚餐 18:20 结束，一小时后还没有留样记录】")
	d.at("19:30")
	d.note("调度器：提醒食堂和总务主任，并记下来供每日汇总")
	d.tick()
}
