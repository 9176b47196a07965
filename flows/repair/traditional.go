package repair

// Traditional characters. Some staff type in 繁體 (an old phone's
// handwriting pad, a colleague from Hong Kong or Taiwan, a message copied
// from elsewhere), often mixed with simplified ones: 男寢403的電線, 燈壞了,
// 教學樓三樓女廁所. canon reads each of the characters below as its
// simplified form, so the lexicon and the location table, written in
// simplified characters, match them; the description keeps what was
// typed.
//
// Only characters that simplified Chinese does not use for a word of its
// own are folded, so a simplified message reads as before: 後 (后), 裡
// (里), 幾 (几) and 衝 (冲) are here, 乾, 著, 於, 瞭, 餘, 覆, 隻 and
// 鍾 are not (乾隆, 著名, 于/於 as a surname, 明瞭 …). The list is the
// characters of repairs and school chat, not a whole table.
var simplified = func() map[rune]rune {
	pairs := "" +
		"燈灯壞坏廁厕樓楼層层學学寢寝門门鎖锁關关開开電电線线綫线後后廚厨氣气衛卫龍龙頭头嘩哗緊紧記记從从牆墙來来這这們们邊边個个報报沒没師师嗎吗謝谢說说" +
		"點点兩两風风機机調调視视聲声響响壓压熱热燒烧煙烟斷断爐炉鍋锅廳厅館馆體体場场實实驗验處处務务辦办圖图書书閱阅覽览議议會会長长為为無无麼么壺壶飲饮" +
		"淨净噴喷灑洒濕湿滲渗塊块戶户櫃柜講讲臺台檯台鐵铁鋼钢欄栏頂顶磚砖換换請请問问題题應应該该給给讓让還还號号間间舊旧亂乱髒脏溫温凍冻滅灭險险觸触閘闸" +
		"鈕钮鍵键盤盘腦脑網网絡络螢荧儀仪顯显纜缆蓋盖滿满馬马沖冲衝冲級级總总員员導导專专幾几裡里裏里發发髮发幹干夠够嚴严鬆松動动轉转搖摇墜坠縫缝黴霉蟲虫" +
		"鑰钥籃篮紗纱簾帘掛挂鐘钟錶表樣样費费賠赔負负責责誰谁時时煩烦趕赶幫帮將将過过進进東东車车輛辆擋挡銹锈鏽锈閃闪爍烁聽听見见擊击鋁铝傳传訊讯區区廣广" +
		"監监攝摄錄录數数據据習习園园藝艺術术禮礼飯饭竈灶閥阀陽阳陰阴溝沟積积擺摆掃扫標标穩稳夾夹鬧闹裝装設设備备廠厂產产鏡镜課课補补滾滚漲涨燙烫攔拦護护" +
		"樑梁棟栋單单簡简碼码樁桩壩坝鍍镀銅铜絲丝損损燭烛"
	m := map[rune]rune{}
	rs := []rune(pairs)
	for i := 0; i+1 < len(rs); i += 2 {
		m[rs[i]] = rs[i+1]
	}
	return m
}()
