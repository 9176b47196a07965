package main

import (
	"errors"
	"fmt"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/inspection"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/store"
)

// seedInspection loads the guard's daily round (每日校园巡查), one of the
// shipped plans, for the demo school, once. The other plans stay out so
// that the demo's evening ticks are about this day's work.
func (d *demo) seedInspection() error {
	ps, err := d.db.ListPlans(d.ctx, d.school.ID, true)
	if err != nil || len(ps) > 0 {
		return err
	}
	for _, p := range inspection.DefaultPlans() {
		if p.Name != "每日校园巡查" {
			continue
		}
		p.SchoolID = d.school.ID
		return d.db.InTx(d.ctx, func(ftx flows.Tx) error { _, err := ftx.(*store.Tx).SavePlan(d.ctx, &p, demoDay); return err })
	}
	return nil
}

// playInspection: the guard's evening round finds a serious hazard that
// needs the electrician; the linked repair is finished, which rectifies
// it, and the guard's re-check closes it.
func (d *demo) playInspection() {
	fmt.Fprintln(d.out, "\n【巡查：门卫晚间巡查 → 发现重大隐患 → 自动报修、领导即知 → 修好 → 复查闭环】")
	d.at("19:10")
	d.say("老郑", "巡查")
	d.note("第 4 项有问题：一条消息带照片和说明")
	d.send("老郑", "4 有问题 实验楼二楼男厕所电线裸露，有火花", "", flows.Media{Kind: "image", Ref: "demo-photo-wire"})
	d.say("老郑", "3")
	fix := d.repairOf(d.say("老郑", "1"))
	d.say("老郑", "全部正常")
	d.at("19:25")
	d.say("孙师傅", fmt.Sprintf("接单 %d", repair.Num(fix)))
	d.at("19:40")
	d.say("孙师傅", fmt.Sprintf("完成 %d", repair.Num(fix)))
	d.send("孙师傅", "1", "", flows.Media{Kind: "image", Ref: "demo-photo-wire-fixed"})
	d.at("19:45")
	d.note("调度器：维修单完成，隐患自动转为整改完成，请发现人复查")
	d.tick()
	d.at("19:50")
	if d.err != nil {
		return
	}
	// Found by day, not by status: a replay finds it closed already.
	hs, err := d.db.HazardsFound(d.ctx, d.school.ID, demoDay, demoDay.AddDate(0, 0, 1))
	if err != nil {
		d.err = err
		return
	}
	if len(hs) == 0 {
		d.err = errors.New("the round filed no hazard")
		return
	}
	d.say("老郑", fmt.Sprintf("复查通过 %d", inspection.Num(hs[0])))
}
