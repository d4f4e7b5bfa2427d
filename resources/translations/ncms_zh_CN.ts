<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AnnualReviewDialog</name>
    <message>
        <source>Annual review of certificate {0}</source>
        <translation>慢性病证 {0} 年审</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>尚无</translation>
    </message>
    <message>
        <source>{0}, certificate {1}. Reviews recorded: {2}.</source>
        <translation>{0}，慢性病证 {1}。已登记年审：{2}。</translation>
    </message>
    <message>
        <source>&amp;Year:</source>
        <translation>年度(&amp;Y)：</translation>
    </message>
    <message>
        <source>&amp;Result:</source>
        <translation>结果(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>日期(&amp;D)：</translation>
    </message>
    <message>
        <source>Record the review</source>
        <translation>登记年审</translation>
    </message>
</context>
<context>
    <name>AppealDialog</name>
    <message>
        <source>Appeal of application {0}</source>
        <translation>申请 {0} 的复核申请</translation>
    </message>
    <message>
        <source>{0}, application {1}: rejected by the committee on {2}. An appeal may be lodged until {3} ({4} days left); the county puts it before the committee&apos;s next meeting once the next package reaches it.</source>
        <translation>{0}，申请编号 {1}：{2} 经专家评审未通过。可在 {3} 前申请复核（还剩 {4} 天）；县合管中心收到下一个数据包后，提交下次评审会复核。</translation>
    </message>
    <message>
        <source>The applicant&apos;s reasons, one per line</source>
        <translation>申请人的复核理由，每行一条</translation>
    </message>
    <message>
        <source>Diseases:</source>
        <translation>病种：</translation>
    </message>
    <message>
        <source>&amp;Reasons:</source>
        <translation>理由(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>日期(&amp;D)：</translation>
    </message>
    <message>
        <source>New materials:</source>
        <translation>新材料：</translation>
    </message>
    <message>
        <source>Record the appeal</source>
        <translation>登记复核申请</translation>
    </message>
    <message>
        <source>The time to appeal ended on {0}: it can no longer be recorded.</source>
        <translation>申请复核期限已于 {0} 届满，不能再登记。</translation>
    </message>
    <message>
        <source>&amp;Add files…</source>
        <translation>添加文件(&amp;A)…</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>移除(&amp;M)</translation>
    </message>
    <message>
        <source>Take the chosen file off the list (Delete)</source>
        <translation>从列表中移除所选文件（Delete 键）</translation>
    </message>
    <message>
        <source>Choose the new materials</source>
        <translation>选择新材料</translation>
    </message>
    <message>
        <source>Pictures and PDFs ({0})</source>
        <translation>图片和 PDF（{0}）</translation>
    </message>
    <message>
        <source>Tick the disease the appeal is about.</source>
        <translation>请勾选申请复核的病种。</translation>
    </message>
    <message>
        <source>Record the appeal of {0} ({1})? An application is appealed once; the committee&apos;s answer to the appeal is final here.</source>
        <translation>登记 {0}（{1}）的复核申请？每份申请只能复核一次，复核结论为最终结论。</translation>
    </message>
</context>
<context>
    <name>AppealsModel</name>
    <message>
        <source>Application</source>
        <translation>申请编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>合管站</translation>
    </message>
    <message>
        <source>Disease</source>
        <translation>病种</translation>
    </message>
    <message>
        <source>Lodged on</source>
        <translation>申请日期</translation>
    </message>
    <message>
        <source>Standing</source>
        <translation>复核结果</translation>
    </message>
    <message>
        <source>Decided on</source>
        <translation>复核日期</translation>
    </message>
    <message>
        <source>Applicant&apos;s reasons</source>
        <translation>复核理由</translation>
    </message>
</context>
<context>
    <name>ApplicationDetailDialog</name>
    <message>
        <source>not sent yet</source>
        <translation>尚未上报</translation>
    </message>
    <message>
        <source>held by the county</source>
        <translation>县合管中心已有</translation>
    </message>
    <message>
        <source>sent in package %1 on %2</source>
        <translation>%2 随第 %1 号数据包上报</translation>
    </message>
    <message>
        <source>acknowledged</source>
        <translation>对方已确认</translation>
    </message>
    <message>
        <source>not yet acknowledged</source>
        <translation>待对方确认</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>不通过</translation>
    </message>
    <message>
        <source>physical examination required</source>
        <translation>需体检</translation>
    </message>
    <message>
        <source>supplement requested</source>
        <translation>需补充材料</translation>
    </message>
    <message>
        <source>(conflict: the application changed after it was sent)</source>
        <translation>（冲突：档案上报后已修改）</translation>
    </message>
    <message>
        <source>(on an earlier version of the application)</source>
        <translation>（针对档案的旧版本）</translation>
    </message>
    <message>
        <source>Application {0}</source>
        <translation>申请 {0}</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>M</source>
        <translation>男</translation>
    </message>
    <message>
        <source>F</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Sex / birth date</source>
        <translation>性别 / 出生日期</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>代办人</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Diseases</source>
        <translation>病种</translation>
    </message>
    <message>
        <source>Hospital</source>
        <translation>诊断医院</translation>
    </message>
    <message>
        <source>Diagnosed</source>
        <translation>诊断日期</translation>
    </message>
    <message>
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>材料文件</translation>
    </message>
    <message>
        <source>County</source>
        <translation>县合管中心</translation>
    </message>
    <message>
        <source>Appeal</source>
        <translation>复核</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>申请</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>材料清单</translation>
    </message>
    <message>
        <source>History</source>
        <translation>办理记录</translation>
    </message>
    <message>
        <source> copies</source>
        <translation> 份</translation>
    </message>
    <message>
        <source>Print:</source>
        <translation>打印：</translation>
    </message>
    <message>
        <source>Approval form</source>
        <translation>认定审批表</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>受理回执</translation>
    </message>
    <message>
        <source>Missing-materials notice</source>
        <translation>一次性告知书</translation>
    </message>
    <message>
        <source>Rejection notice</source>
        <translation>不予认定通知书</translation>
    </message>
    <message>
        <source>A&amp;ppeal…</source>
        <translation>申请复核(&amp;P)…</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>lodged on {0} ({1}): {2}</source>
        <translation>{0} 申请（{1}）：{2}</translation>
    </message>
</context>
<context>
    <name>ApplicationsModel</name>
    <message>
        <source>Number</source>
        <translation>申请编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <source>Diseases</source>
        <translation>病种</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>受理日期</translation>
    </message>
    <message>
        <source>M</source>
        <translation>男</translation>
    </message>
    <message>
        <source>F</source>
        <translation>女</translation>
    </message>
</context>
<context>
    <name>ApplicationsPage</name>
    <message>
        <source>Name, pinyin initials, last ID digits or application number</source>
        <translation>姓名、拼音首字母、身份证号后几位或申请编号</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>All diseases</source>
        <translation>全部病种</translation>
    </message>
    <message>
        <source>All villages</source>
        <translation>全部村</translation>
    </message>
    <message>
        <source>All quarters</source>
        <translation>全部季度</translation>
    </message>
    <message>
        <source>Clear this filter: show all applications</source>
        <translation>清除此筛选，显示全部申请</translation>
    </message>
    <message>
        <source>From the dashboard: {0}</source>
        <translation>来自首页统计：{0}</translation>
    </message>
    <message>
        <source>certificate valid until {0} to {1}</source>
        <translation>慢性病证于 {0} 至 {1} 间到期</translation>
    </message>
    <message>
        <source>certificate not handed out</source>
        <translation>慢性病证尚未发放</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>More than {0} applications</source>
        <translation>超过 {0} 件</translation>
    </message>
    <message>
        <source>{0} applications</source>
        <translation>共 {0} 件</translation>
    </message>
</context>
<context>
    <name>Backups</name>
    <message>
        <source>Not backed up to {0}: {1}</source>
        <translation>未能备份到 {0}：{1}</translation>
    </message>
    <message>
        <source>Backing up before closing…</source>
        <translation>关闭前正在备份…</translation>
    </message>
    <message>
        <source>Skip this time</source>
        <translation>本次跳过</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Not backed up: {0}</source>
        <translation>未能备份：{0}</translation>
    </message>
    <message>
        <source>Never backed up yet: the program backs up daily and on closing</source>
        <translation>尚未备份过：程序每天及关闭时会自动备份</translation>
    </message>
    <message>
        <source>Last backup: today at {0}</source>
        <translation>上次备份：今天 {0}</translation>
    </message>
    <message>
        <source> (to {0})</source>
        <translation>（存到 {0}）</translation>
    </message>
    <message>
        <source>Last backup: yesterday ({0})</source>
        <translation>上次备份：昨天（{0}）</translation>
    </message>
    <message>
        <source>Last backup: {0} days ago ({1})</source>
        <translation>上次备份：{0} 天前（{1}）</translation>
    </message>
    <message>
        <source>the last attempt failed: {0}</source>
        <translation>最近一次备份失败：{0}</translation>
    </message>
    <message>
        <source>back up now under Settings → Backups</source>
        <translation>请到“设置 → 备份”立即备份</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Mark a USB stick…</source>
        <translation>设置备份U盘…</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <source>The program backs up by itself once a day and when it closes, encrypted. Another disk or a USB stick is safer than this PC&apos;s own disk: a stick marked here receives a copy whenever it is plugged in.</source>
        <translation>程序每天及关闭时自动加密备份。备份放在另一块硬盘或U盘上比放在本机硬盘上更安全：在此设置过的U盘，每次插入都会收到一份备份。</translation>
    </message>
    <message>
        <source>Backup folder</source>
        <translation>备份文件夹</translation>
    </message>
    <message>
        <source>{0} is not a folder on this PC</source>
        <translation>{0} 不是本机上的文件夹</translation>
    </message>
    <message>
        <source>Backups now go to {0}</source>
        <translation>备份今后存到 {0}</translation>
    </message>
    <message>
        <source>The USB stick to mark</source>
        <translation>要设为备份盘的U盘</translation>
    </message>
    <message>
        <source>{0} is marked ({1}): it receives a backup whenever it is plugged in</source>
        <translation>{0} 已设为备份盘（{1}）：每次插入都会收到一份备份</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <source>Backed up to {0} ({1} documents)</source>
        <translation>已备份到 {0}（{1} 份材料）</translation>
    </message>
    <message>
        <source>No marked USB stick is plugged in: no copy on a stick this time.</source>
        <translation>没有插入已设置的备份U盘：本次未存到U盘。</translation>
    </message>
</context>
<context>
    <name>BatchPreviewModel</name>
    <message>
        <source>Disease</source>
        <translation>病种</translation>
    </message>
    <message>
        <source>Applications</source>
        <translation>档案数</translation>
    </message>
</context>
<context>
    <name>BatchesModel</name>
    <message>
        <source>Batch</source>
        <translation>汇总批次</translation>
    </message>
    <message>
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Applications</source>
        <translation>申请件数</translation>
    </message>
    <message>
        <source>open</source>
        <translation>未封存</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>待上报</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>已上报</translation>
    </message>
</context>
<context>
    <name>BatchesSyncPage</name>
    <message>
        <source>Quarter&apos;s batch</source>
        <translation>季度汇总批次</translation>
    </message>
    <message>
        <source>Make batch</source>
        <translation>生成批次</translation>
    </message>
    <message>
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <source>Exchange with the county (removable drive)</source>
        <translation>与县合管中心交换数据（移动存储）</translation>
    </message>
    <message>
        <source>Export package to drive…</source>
        <translation>导出数据包到U盘…</translation>
    </message>
    <message>
        <source>Import decision package…</source>
        <translation>导入评审结论数据包…</translation>
    </message>
    <message numerus="yes">
        <source>%n accepted application(s) waiting for this batch</source>
        <translation>
            <numerusform>有 %n 份已受理档案待组批</numerusform>
        </translation>
    </message>
    <message>
        <source>Print roster of selected batch…</source>
        <translation>打印所选批次花名册…</translation>
    </message>
    <message>
        <source>Making the batch and sending packages to the county are the station head&apos;s.</source>
        <translation>生成批次和向县合管中心发送同步包由站长操作。</translation>
    </message>
    <message>
        <source>Decisions on an application changed since it was sent</source>
        <translation>针对上报后已修改档案的评审结论（冲突）</translation>
    </message>
    <message>
        <source>Mark resolved…</source>
        <translation>标记为已处理…</translation>
    </message>
    <message>
        <source>Station head: the older decision does not stand</source>
        <translation>站长：确认旧结论不再适用</translation>
    </message>
    <message>
        <source>Only the station head makes the batch and sends packages</source>
        <translation>只有站长可以生成批次和发送同步包</translation>
    </message>
    <message>
        <source>Only the station head resolves a conflict</source>
        <translation>只有站长可以处理冲突</translation>
    </message>
    <message>
        <source>Choose a batch in the list first.</source>
        <translation>请先在列表中选择一个批次。</translation>
    </message>
    <message>
        <source>Roster of batch {0}</source>
        <translation>批次 {0} 花名册</translation>
    </message>
    <message>
        <source>Choose a conflict in the list first.</source>
        <translation>请先在列表中选择一条冲突。</translation>
    </message>
    <message>
        <source>Mark resolved</source>
        <translation>标记为已处理</translation>
    </message>
    <message>
        <source>Why the county&apos;s older decision does not stand (kept in the audit log):</source>
        <translation>旧结论为何不再适用（记入审计日志）：</translation>
    </message>
    <message>
        <source>No accepted application is waiting</source>
        <translation>没有待上报的初审通过申请</translation>
    </message>
    <message>
        <source>Put %1 accepted application(s) into the batch of %2 for the county?</source>
        <translation>将 %1 份已受理档案编入 %2 批次上报县合管中心？</translation>
    </message>
    <message>
        <source>Batch %1 made with %2 application(s); export it to the drive for the county.</source>
        <translation>已生成批次 %1，共 %2 份档案；请导出到U盘报送县合管中心。</translation>
    </message>
    <message>
        <source>Unexpected error: %1</source>
        <translation>意外错误：%1</translation>
    </message>
    <message>
        <source>Choose the removable drive or folder</source>
        <translation>选择U盘或文件夹</translation>
    </message>
    <message>
        <source>Writing and checking %1 …</source>
        <translation>正在写入并校验 %1 …</translation>
    </message>
    <message>
        <source>Package %1 written to %2 and verified by reading it back. It is safe to remove the drive.</source>
        <translation>第 %1 号数据包已写入 %2，并已回读校验无误。现在可以安全拔出U盘。</translation>
    </message>
    <message>
        <source>Choose the package from the county</source>
        <translation>选择县合管中心发来的数据包</translation>
    </message>
    <message>
        <source>Sync packages (*.ncmspkg)</source>
        <translation>同步数据包 (*.ncmspkg)</translation>
    </message>
    <message>
        <source>This package was applied before; nothing changed.</source>
        <translation>该数据包以前已导入，未作任何更改。</translation>
    </message>
    <message>
        <source>This package is older than what is here; nothing changed.</source>
        <translation>该数据包比本机数据旧，未作任何更改。</translation>
    </message>
    <message>
        <source>Package %1 from the county applied: %2 decision(s), %3 certificate(s).</source>
        <translation>已导入县合管中心第 %1 号数据包：评审结论 %2 条，慢性病证 %3 个。</translation>
    </message>
    <message>
        <source>%1 decision(s) concern an application changed since it was sent: they are kept as conflicts for the station head to resolve.</source>
        <translation>其中 %1 条结论针对的档案在上报后已被修改：已作为冲突保留，待站长处理。</translation>
    </message>
</context>
<context>
    <name>CameraDialog</name>
    <message>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>Take picture (Space)</source>
        <translation>拍照（空格键）</translation>
    </message>
    <message>
        <source>Add from a file instead…</source>
        <translation>改为从文件添加…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>No camera found. Add the picture from a file, or scan it into the scanner folder.</source>
        <translation>未检测到摄像头。请从文件添加照片，或扫描到扫描仪文件夹。</translation>
    </message>
</context>
<context>
    <name>CaseDialog</name>
    <message>
        <source>Case {0}</source>
        <translation>案卷 {0}</translation>
    </message>
    <message>
        <source>&amp;Compare side by side…</source>
        <translation>并排比对(&amp;C)…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Possible duplicate: the same person and disease is open as {0} at {1}</source>
        <translation>疑似重复：同一人同一病种在{1}另有在办申请 {0}</translation>
    </message>
</context>
<context>
    <name>CaseFile</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Sex / birth date</source>
        <translation>性别 / 出生日期</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>代办人</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Declared diseases</source>
        <translation>申报病种</translation>
    </message>
    <message>
        <source>Diagnosing hospital</source>
        <translation>诊断医院</translation>
    </message>
    <message>
        <source>Diagnosed</source>
        <translation>诊断日期</translation>
    </message>
    <message>
        <source>Doctor</source>
        <translation>诊断医生</translation>
    </message>
    <message>
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>受理日期</translation>
    </message>
    <message>
        <source>The station sent no scanned documents with this file; the station&apos;s examination says which materials it received on paper.</source>
        <translation>合管站未随此件报送扫描材料；收到了哪些纸质材料，见“合管站初审”一栏。</translation>
    </message>
    <message>
        <source>Applicant and application</source>
        <translation>申请人与申请</translation>
    </message>
    <message>
        <source>Station&apos;s examination</source>
        <translation>合管站初审</translation>
    </message>
    <message>
        <source>History</source>
        <translation>办理记录</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>材料文件</translation>
    </message>
    <message>
        <source>M</source>
        <translation>男</translation>
    </message>
    <message>
        <source>F</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Station&apos;s notes: {0}</source>
        <translation>合管站备注：{0}</translation>
    </message>
    <message>
        <source>No notes from the station</source>
        <translation>合管站无备注</translation>
    </message>
</context>
<context>
    <name>CasesModel</name>
    <message>
        <source>Number</source>
        <translation>申请编号</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>合管站</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Diseases</source>
        <translation>病种</translation>
    </message>
    <message>
        <source>Diagnosing hospital</source>
        <translation>诊断医院</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>To check: {0}</source>
        <translation>待核查：{0}</translation>
    </message>
    <message>
        <source>To check</source>
        <translation>待核查</translation>
    </message>
</context>
<context>
    <name>CasesPage</name>
    <message>
        <source>Name, pinyin initials, last ID digits or application number</source>
        <translation>姓名、拼音首字母、身份证号后几位或申请编号</translation>
    </message>
    <message>
        <source>All stations</source>
        <translation>全部合管站</translation>
    </message>
    <message>
        <source>All quarters</source>
        <translation>全部季度</translation>
    </message>
    <message>
        <source>All diseases</source>
        <translation>全部病种</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Waiting for the committee</source>
        <translation>待专家评审</translation>
    </message>
    <message>
        <source>All diagnosing hospitals</source>
        <translation>全部诊断医院</translation>
    </message>
    <message>
        <source>Only possible duplicates</source>
        <translation>只看疑似重复</translation>
    </message>
    <message>
        <source>Files of a person who has another open application for the same disease, at this or another station</source>
        <translation>同一人同一病种在本站或其他站另有未办结的申请</translation>
    </message>
    <message>
        <source>Cases: more than {0}</source>
        <translation>超过 {0} 份</translation>
    </message>
    <message>
        <source>Cases: {0}</source>
        <translation>共 {0} 份</translation>
    </message>
</context>
<context>
    <name>CertificatesModel</name>
    <message>
        <source>Certificate</source>
        <translation>证号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Diseases</source>
        <translation>病种</translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>Prints</source>
        <translation>打印次数</translation>
    </message>
    <message>
        <source>Handed out</source>
        <translation>已发放</translation>
    </message>
    <message>
        <source>revoked {0}</source>
        <translation>已于 {0} 撤销</translation>
    </message>
    <message>
        <source>cancellation reported</source>
        <translation>已报注销</translation>
    </message>
    <message>
        <source>reported lost</source>
        <translation>已挂失</translation>
    </message>
    <message>
        <source>permanent</source>
        <translation>长期</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>CertificatesPage</name>
    <message>
        <source>Check a certificate</source>
        <translation>核验慢性病证</translation>
    </message>
    <message>
        <source>Scan the certificate&apos;s QR code here (or paste its text) and press Enter</source>
        <translation>在此扫描慢性病证上的二维码（或粘贴其文本）后按回车</translation>
    </message>
    <message>
        <source>A5, one per page</source>
        <translation>A5，每页一证</translation>
    </message>
    <message>
        <source>A4, two per page</source>
        <translation>A4，每页两证</translation>
    </message>
    <message>
        <source>Pre-printed booklet (values only)</source>
        <translation>套打证本（只打印内容）</translation>
    </message>
    <message>
        <source>PDF file</source>
        <translation>PDF 文件</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>Print selected…</source>
        <translation>打印所选…</translation>
    </message>
    <message>
        <source>Print all not yet printed…</source>
        <translation>打印全部未打印的…</translation>
    </message>
    <message>
        <source>Issue-and-sign register…</source>
        <translation>发证签收登记表…</translation>
    </message>
    <message>
        <source>Public-notice list…</source>
        <translation>公示名单…</translation>
    </message>
    <message>
        <source>Renewal notices…</source>
        <translation>换证通知书…</translation>
    </message>
    <message>
        <source>A notice for each holder whose certificate ends within {0} days, by village</source>
        <translation>为 {0} 天内到期的每位持证人打印换证通知书（按村）</translation>
    </message>
    <message>
        <source>Annual review…</source>
        <translation>年审…</translation>
    </message>
    <message>
        <source>Record this year&apos;s review of the chosen certificate (Alt+Y)</source>
        <translation>登记所选慢性病证本年度的年审（Alt+Y）</translation>
    </message>
    <message>
        <source>Hand out…</source>
        <translation>发放…</translation>
    </message>
    <message>
        <source>Record who collects the chosen certificate, with their ID number (Alt+H)</source>
        <translation>登记所选慢性病证的领取人及其身份证号（Alt+H）</translation>
    </message>
    <message>
        <source>Report lost…</source>
        <translation>挂失…</translation>
    </message>
    <message>
        <source>The chosen certificate is lost or damaged: the county replaces it (Alt+L)</source>
        <translation>所选证件遗失或损毁：由县级补办（Alt+L）</translation>
    </message>
    <message>
        <source>Cancel certificate…</source>
        <translation>注销…</translation>
    </message>
    <message>
        <source>The holder died, moved away or left the insurance: the county ends it (Alt+E)</source>
        <translation>持证人死亡、迁出或参保终止：由县级终止该证（Alt+E）</translation>
    </message>
    <message>
        <source>Renew…</source>
        <translation>换证…</translation>
    </message>
    <message>
        <source>Start the renewal of the chosen certificate, prefilled from its application, in the intake form (Alt+R)</source>
        <translation>为所选证件开始换证申请，按原申请预先填好，在受理页打开（Alt+R）</translation>
    </message>
    <message>
        <source>Choose the one certificate being collected first.</source>
        <translation>请先选择要领取的一份慢性病证。</translation>
    </message>
    <message>
        <source>Certificate {0} was handed out on {1}.</source>
        <translation>慢性病证 {0} 已于 {1} 发放。</translation>
    </message>
    <message>
        <source>Certificate {0} handed out to {1} on {2}.</source>
        <translation>慢性病证 {0} 已于 {2} 发放给 {1}。</translation>
    </message>
    <message>
        <source>Choose the one certificate being reviewed first.</source>
        <translation>请先选择要年审的一份慢性病证。</translation>
    </message>
    <message>
        <source>Certificate {0} is revoked: it is reviewed no more.</source>
        <translation>慢性病证 {0} 已撤销，不再年审。</translation>
    </message>
    <message>
        <source>The {0} review of certificate {1} is recorded (box {2}).</source>
        <translation>慢性病证 {1} 的 {0} 年度年审已登记（第 {2} 栏）。</translation>
    </message>
    <message>
        <source>Print the {0} review into box {1} of the certificate now? Put the certificate in the printer as for a booklet.</source>
        <translation>现在把 {0} 年度年审套打到证上第 {1} 栏吗？请按套打证本的方式放入打印机。</translation>
    </message>
    <message>
        <source>Print the review</source>
        <translation>套打年审</translation>
    </message>
    <message>
        <source>Choose the one certificate first.</source>
        <translation>请先选中一张证件。</translation>
    </message>
    <message>
        <source>Renew the certificate</source>
        <translation>换证</translation>
    </message>
    <message>
        <source>Certificate {0} of {1} runs until {2}, {3} days yet. Start its renewal now? The new one starts the day after it ends.</source>
        <translation>{1} 的慢性病证 {0} 有效期至 {2}，还有 {3} 天。现在就开始换证吗？新证自原证期满次日起生效。</translation>
    </message>
    <message>
        <source>Certificate {0} is already revoked.</source>
        <translation>慢性病证 {0} 已撤销。</translation>
    </message>
    <message>
        <source>Cancellation of certificate {0} from {1} recorded: the county ends it once the next package reaches it.</source>
        <translation>慢性病证 {0} 自 {1} 起注销已登记：下次数据包送达县级后终止。</translation>
    </message>
    <message>
        <source>Certificate {0} reported lost on {1}: the county issues its replacement once the next package reaches it.</source>
        <translation>慢性病证 {0} 已于 {1} 挂失：下次数据包送达县级后补办。</translation>
    </message>
    <message>
        <source>Annual review</source>
        <translation>年审</translation>
    </message>
    <message>
        <source>permanent</source>
        <translation>长期</translation>
    </message>
    <message>
        <source>revoked on {0}</source>
        <translation>已于 {0} 注销</translation>
    </message>
    <message>
        <source>valid until {0}</source>
        <translation>有效期至 {0}</translation>
    </message>
    <message>
        <source>{0} is a certificate number: held here for {1}, {2}. Scan the card&apos;s QR code to check that the card itself is genuine.</source>
        <translation>{0} 是慢性病证号：本站登记为 {1}，{2}。请扫描证上的二维码，以核验该证本身是否真实。</translation>
    </message>
    <message>
        <source>Print again</source>
        <translation>重新打印</translation>
    </message>
    <message>
        <source>Already printed: {0}
Why print again? (kept in the audit log)</source>
        <translation>已打印过：{0}
重新打印的原因？（记入审计日志）</translation>
    </message>
    <message>
        <source>Choose the certificates to print first.</source>
        <translation>请先选择要打印的证件。</translation>
    </message>
    <message>
        <source>Not printed: printing again needs a reason.</source>
        <translation>未打印：重新打印须填写原因。</translation>
    </message>
    <message>
        <source>{0} certificate(s) printed.</source>
        <translation>已打印 {0} 份慢性病证。</translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation>慢性病证</translation>
    </message>
    <message>
        <source>There is no certificate to list.</source>
        <translation>没有可列出的证件。</translation>
    </message>
    <message>
        <source>Issue-and-sign register</source>
        <translation>发证签收登记表</translation>
    </message>
    <message>
        <source>Public-notice list</source>
        <translation>公示名单</translation>
    </message>
    <message>
        <source>No certificate ends within {0} days.</source>
        <translation>没有 {0} 天内到期的慢性病证。</translation>
    </message>
    <message>
        <source>Renewal notices</source>
        <translation>换证通知书</translation>
    </message>
    <message>
        <source>Preparing the pages…</source>
        <translation>正在生成页面…</translation>
    </message>
    <message>
        <source>Unexpected error: {0}</source>
        <translation>意外错误：{0}</translation>
    </message>
</context>
<context>
    <name>ChecklistMarksModel</name>
    <message>
        <source>not checked yet</source>
        <translation>尚未审核</translation>
    </message>
</context>
<context>
    <name>ChecklistModel</name>
    <message>
        <source>Material</source>
        <translation>材料</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>审核结果</translation>
    </message>
    <message>
        <source>Reason (if missing or insufficient)</source>
        <translation>原因（缺少或不符合要求时填写）</translation>
    </message>
    <message>
        <source>not checked</source>
        <translation>未审核</translation>
    </message>
    <message>
        <source>provided</source>
        <translation>已提供</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺少</translation>
    </message>
    <message>
        <source>insufficient</source>
        <translation>不符合要求</translation>
    </message>
</context>
<context>
    <name>ComplianceCasesModel</name>
    <message>
        <source>Application</source>
        <translation>申请编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>乡镇（站）</translation>
    </message>
    <message>
        <source>Disease</source>
        <translation>病种</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Decided on</source>
        <translation>评审日期</translation>
    </message>
    <message>
        <source>Reasons</source>
        <translation>理由</translation>
    </message>
</context>
<context>
    <name>ConflictsModel</name>
    <message>
        <source>Application</source>
        <translation>申请</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Disease</source>
        <translation>病种</translation>
    </message>
    <message>
        <source>County&apos;s decision</source>
        <translation>县评审结论</translation>
    </message>
    <message>
        <source>Version judged → here</source>
        <translation>评审版本 → 本机版本</translation>
    </message>
    <message>
        <source>Decided</source>
        <translation>评审日期</translation>
    </message>
</context>
<context>
    <name>ConnectionBar</name>
    <message>
        <source>The database cannot be reached since {0} (the network or the database server). Nothing was half-recorded and what you typed is still on screen; the program reconnects by itself: then do it again.</source>
        <translation>自 {0} 起无法连接数据库（网络或数据库服务器故障）。没有记录任何不完整的内容，您输入的内容仍在屏幕上；程序会自动重新连接，连上后请再操作一次。</translation>
    </message>
    <message>
        <source>Connected again at {0}; the lists are up to date.</source>
        <translation>{0} 已重新连接，列表已更新。</translation>
    </message>
</context>
<context>
    <name>CountyDashboardPage</name>
    <message>
        <source>Packages received per station</source>
        <translation>各合管站收到的数据包</translation>
    </message>
    <message>
        <source>Quarter {0}, as of {1}</source>
        <translation>{0} 季度（截至 {1}）</translation>
    </message>
    <message>
        <source>public notices running</source>
        <translation>公示进行中</translation>
    </message>
    <message>
        <source>the first ends {0}</source>
        <translation>最早 {0} 结束</translation>
    </message>
    <message>
        <source>{0} more ended, to be closed</source>
        <translation>另有 {0} 个已期满，待结束公示</translation>
    </message>
    <message>
        <source>files received this quarter, withdrawn ones too</source>
        <translation>本季度收件（含已撤回）</translation>
    </message>
    <message>
        <source>waiting for the committee</source>
        <translation>待专家评审</translation>
    </message>
    <message>
        <source>waiting for a physical examination</source>
        <translation>待体检</translation>
    </message>
    <message>
        <source>waiting for materials</source>
        <translation>待补材料</translation>
    </message>
    <message>
        <source>certificates expiring in {0} days</source>
        <translation>{0}天内到期的慢性病证</translation>
    </message>
    <message>
        <source>stations silent for more than {0} days</source>
        <translation>超过{0}天未报送的合管站</translation>
    </message>
    <message>
        <source>Files received this quarter ({0}) by station and disease</source>
        <translation>本季度（{0}）各合管站分病种受理数</translation>
    </message>
</context>
<context>
    <name>CountyWindow</name>
    <message>
        <source>The phone is printed on the public list, where objections are to be made; while it is empty the list leaves a space to write it in by hand.</source>
        <translation>电话印在公示名单上，供群众反映异议；未填写时，名单上留出空白，可手写填上。</translation>
    </message>
    <message>
        <source>Contact printed on the public list</source>
        <translation>公示名单上的联系方式</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>工作台</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>申请件</translation>
    </message>
    <message>
        <source>Meeting</source>
        <translation>评审会议</translation>
    </message>
    <message>
        <source>Public notice</source>
        <translation>公示</translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation>证件登记</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>统计报表</translation>
    </message>
    <message>
        <source>National platform</source>
        <translation>国家平台</translation>
    </message>
    <message>
        <source>Packages</source>
        <translation>数据包收发</translation>
    </message>
    <message>
        <source>Stations</source>
        <translation>合管站</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Quarter {0}: {1} days left to the cut-off on {2}</source>
        <translation>{0} 季度：距 {2} 截止受理还有 {1} 天</translation>
    </message>
    <message>
        <source>awaiting materials (longest {0} days)</source>
        <translation>待补材料（最长已等 {0} 天）</translation>
    </message>
    <message>
        <source>accepted, not yet batched</source>
        <translation>初审通过，尚未汇总</translation>
    </message>
    <message>
        <source>decisions received this quarter</source>
        <translation>本季度已收到评审结论</translation>
    </message>
    <message>
        <source>certificates to hand out</source>
        <translation>待发放的慢性病证</translation>
    </message>
    <message>
        <source>certificates expiring in 60 days</source>
        <translation>60天内到期的慢性病证</translation>
    </message>
    <message>
        <source>This quarter by state</source>
        <translation>本季度按状态</translation>
    </message>
    <message>
        <source>This quarter by disease</source>
        <translation>本季度按病种</translation>
    </message>
</context>
<context>
    <name>DiseasePicker</name>
    <message>
        <source>Type a name, pinyin initials or code, then Enter</source>
        <translation>输入病种名称、拼音首字母或编码，按回车添加</translation>
    </message>
    <message>
        <source>Chosen diseases</source>
        <translation>已选病种</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Remove the selected disease (Delete)</source>
        <translation>移除选中的病种（Delete 键）</translation>
    </message>
    <message>
        <source>{0} diseases are chosen: at most {0} may be declared. Remove one first.</source>
        <translation>已选{0}种病种，最多只能申报{0}种，请先删除一种再添加</translation>
    </message>
</context>
<context>
    <name>DocumentKinds</name>
    <message>
        <source>1-inch photo</source>
        <translation>1寸照片</translation>
    </message>
    <message>
        <source>ID card (front)</source>
        <translation>身份证正面</translation>
    </message>
    <message>
        <source>ID card (back)</source>
        <translation>身份证反面</translation>
    </message>
    <message>
        <source>Insurance card</source>
        <translation>医保卡</translation>
    </message>
    <message>
        <source>Medical record</source>
        <translation>病历</translation>
    </message>
    <message>
        <source>Discharge record</source>
        <translation>出院记录</translation>
    </message>
    <message>
        <source>Diagnosis proof</source>
        <translation>诊断证明</translation>
    </message>
    <message>
        <source>Examination report</source>
        <translation>检查报告</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>DocumentViewer</name>
    <message>
        <source>◀ Previous page</source>
        <translation>◀ 上一页</translation>
    </message>
    <message>
        <source>Next page ▶</source>
        <translation>下一页 ▶</translation>
    </message>
    <message>
        <source>Zoom in (+)</source>
        <translation>放大 (+)</translation>
    </message>
    <message>
        <source>Zoom out (−)</source>
        <translation>缩小 (−)</translation>
    </message>
    <message>
        <source>Fit (0)</source>
        <translation>适应窗口 (0)</translation>
    </message>
    <message>
        <source>Rotate (R)</source>
        <translation>旋转 (R)</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭 (Esc)</translation>
    </message>
    <message>
        <source>Page {0} of {1}</source>
        <translation>第 {0} 页，共 {1} 页</translation>
    </message>
</context>
<context>
    <name>DocumentsPanel</name>
    <message>
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <source>Camera…</source>
        <translation>拍照…</translation>
    </message>
    <message>
        <source>Attach selected scan</source>
        <translation>添加选中的扫描件</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>文件类型</translation>
    </message>
    <message>
        <source>Drop files here, or add them from a folder or the scanner</source>
        <translation>可将文件拖到此处，或从文件夹、扫描仪添加</translation>
    </message>
    <message>
        <source>New scans</source>
        <translation>新扫描件</translation>
    </message>
    <message>
        <source>Documents: {0} of {1:.0f} MB</source>
        <translation>影像资料：{0}，上限 {1:.0f} MB</translation>
    </message>
    <message>
        <source>Images and PDF ({0})</source>
        <translation>图片和 PDF（{0}）</translation>
    </message>
    <message>
        <source>Add documents</source>
        <translation>添加材料文件</translation>
    </message>
    <message>
        <source>Enter the ID number and name first: documents belong to an application</source>
        <translation>请先填写身份证号和姓名：材料文件需归入一件申请</translation>
    </message>
    <message>
        <source>Photo not added</source>
        <translation>未添加照片</translation>
    </message>
    <message>
        <source>Adding {0} file(s)…</source>
        <translation>正在添加 {0} 个文件…</translation>
    </message>
    <message>
        <source>{0} file(s) added</source>
        <translation>已添加 {0} 个文件</translation>
    </message>
    <message>
        <source>The files could not be added</source>
        <translation>文件未能添加</translation>
    </message>
</context>
<context>
    <name>DuplicateDialog</name>
    <message>
        <source>Possible duplicate: {0} and {1}</source>
        <translation>疑似重复：{0} 与 {1}</translation>
    </message>
    <message>
        <source>Both files are open for {0} with the ID number {1}. Compare them; then withdraw one as a duplicate, or keep both.</source>
        <translation>身份证号 {1} 的{0}申请有两份在办。请比对后，撤回其中重复的一份，或两份都保留。</translation>
    </message>
    <message>
        <source>Flagged at import</source>
        <translation>导入时标记</translation>
    </message>
    <message>
        <source>Already open</source>
        <translation>已在办</translation>
    </message>
    <message>
        <source>Withdraw {0} ({1})</source>
        <translation>撤回 {0}（{1}）</translation>
    </message>
    <message>
        <source>Reason: required for a withdrawal, which the station reads</source>
        <translation>原因：撤回时必填，合管站会看到</translation>
    </message>
    <message>
        <source>&amp;Duplicate: withdraw the chosen file…</source>
        <translation>重复，撤回所选申请(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Not a duplicate</source>
        <translation>不重复(&amp;N)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>处理结论</translation>
    </message>
    <message>
        <source>A file that is {0} is not withdrawn here</source>
        <translation>“{0}”的申请不能在此撤回</translation>
    </message>
    <message>
        <source>Only the county&apos;s reviewers decide duplicates</source>
        <translation>只有县中心审核人员可以处理疑似重复</translation>
    </message>
    <message>
        <source>Give the reason for the withdrawal: the station reads it</source>
        <translation>请填写撤回原因，合管站会看到</translation>
    </message>
    <message>
        <source>Withdraw as a duplicate</source>
        <translation>作为重复申请撤回</translation>
    </message>
    <message>
        <source>Withdraw {0} of {1}? It cannot be undone: the station&apos;s file becomes withdrawn, with this reason, when it takes the county&apos;s next package.</source>
        <translation>确定撤回{1}的申请 {0}？撤回后不能恢复：合管站导入县中心的下一个数据包时，该申请即连同此原因变为已撤回。</translation>
    </message>
    <message>
        <source>{0} is withdrawn; {1} learns it with the county&apos;s next package</source>
        <translation>{0} 已撤回；{1}将在县中心的下一个数据包中收到</translation>
    </message>
    <message>
        <source>Not a duplicate: both files stay, and the pair is not flagged again</source>
        <translation>不重复：两份申请都保留，以后不再标记这两份</translation>
    </message>
</context>
<context>
    <name>ExaminationPage</name>
    <message>
        <source>Reasons for returning the application</source>
        <translation>退回原因（多条用；分隔）</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>初审通过</translation>
    </message>
    <message>
        <source>Ask for missing materials (one notice)</source>
        <translation>一次性告知补交材料</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>Accept and Return are the station head&apos;s: you can record findings and ask for missing materials.</source>
        <translation>初审通过和退回由站长操作：您可以记录审核意见并通知补交材料。</translation>
    </message>
    <message>
        <source>Waiting for examination</source>
        <translation>待初审</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>材料文件</translation>
    </message>
    <message>
        <source>No waiting application matches “{0}”</source>
        <translation>没有与“{0}”相符的待初审申请</translation>
    </message>
    <message>
        <source>No application is waiting for examination</source>
        <translation>没有待初审的申请</translation>
    </message>
    <message>
        <source>The oldest {0} are shown: search to find a later one</source>
        <translation>只显示最早受理的 {0} 份：要找后面的请搜索</translation>
    </message>
    <message>
        <source>{0} waiting, oldest received first</source>
        <translation>{0} 份待初审，按受理先后排列</translation>
    </message>
    <message>
        <source>Diagnosed</source>
        <translation>诊断日期</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Only the station head accepts or returns an application</source>
        <translation>只有站长可以初审通过或退回申请</translation>
    </message>
    <message>
        <source>Choose an application in the waiting list first</source>
        <translation>请先在待审列表中选择一份申请</translation>
    </message>
    <message>
        <source>Print the notice again</source>
        <translation>再次打印告知书</translation>
    </message>
    <message>
        <source>Not yet provided: {0}</source>
        <translation>尚未提供：{0}</translation>
    </message>
    <message>
        <source>Print the notice for {0}</source>
        <translation>打印 {0} 的告知书</translation>
    </message>
    <message>
        <source>Print the approval form for {0}</source>
        <translation>打印 {0} 的认定审批表</translation>
    </message>
    <message>
        <source>One-time notice</source>
        <translation>一次性告知书</translation>
    </message>
    <message>
        <source>Approval form</source>
        <translation>认定审批表</translation>
    </message>
    <message>
        <source>The {0} of {1} could not be made: check the disk has room, then press Print again.</source>
        <translation>{1} 的{0}未能生成：请检查磁盘空间后再按“打印”。</translation>
    </message>
    <message>
        <source>{0} accepted: it goes into this quarter&apos;s batch</source>
        <translation>{0} 初审通过，将列入本季度汇总</translation>
    </message>
    <message>
        <source>Notice recorded for {0}: {1} item(s) to bring</source>
        <translation>已登记 {0} 的一次性告知：需补交 {1} 项材料</translation>
    </message>
    <message>
        <source>{0} returned with its reasons and the list of missing items</source>
        <translation>{0} 已退回，并登记退回原因和缺少材料清单</translation>
    </message>
    <message>
        <source>Return application</source>
        <translation>退回申请</translation>
    </message>
    <message>
        <source>Name, pinyin initials, last ID digits or application number</source>
        <translation>姓名、拼音首字母、身份证号后几位或申请编号</translation>
    </message>
    <message>
        <source>Return {0} to the applicant? It cannot be undone: the applicant has to bring it back.</source>
        <translation>确定将 {0} 退回申请人吗？此操作无法撤销：申请人需重新提交。</translation>
    </message>
</context>
<context>
    <name>FilingsModel</name>
    <message>
        <source>Certificate</source>
        <translation>证号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>乡镇（站）</translation>
    </message>
    <message>
        <source>Disease</source>
        <translation>病种</translation>
    </message>
    <message>
        <source>Standing</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>导出时间</translation>
    </message>
    <message>
        <source>Platform serial</source>
        <translation>平台流水号</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>缺少</translation>
    </message>
</context>
<context>
    <name>HandOutDialog</name>
    <message>
        <source>Hand out certificate {0}</source>
        <translation>发放慢性病证 {0}</translation>
    </message>
    <message>
        <source>Certificate {0} of {1}, ID number on file {2}.</source>
        <translation>{1} 的慢性病证 {0}，档案中身份证号 {2}。</translation>
    </message>
    <message>
        <source>The &amp;applicant</source>
        <translation>申请人本人(&amp;A)</translation>
    </message>
    <message>
        <source>An a&amp;gent</source>
        <translation>代领人(&amp;G)</translation>
    </message>
    <message>
        <source>from the ID card they show</source>
        <translation>按出示的身份证填写</translation>
    </message>
    <message>
        <source>when the application does not name this agent, or the ID number differs</source>
        <translation>申请书未列此代领人，或身份证号不符时填写</translation>
    </message>
    <message>
        <source>only when the ID number is not the one on file</source>
        <translation>仅在身份证号与档案不符时填写</translation>
    </message>
    <message>
        <source>Collected by:</source>
        <translation>领取人：</translation>
    </message>
    <message>
        <source>Agent&apos;s &amp;name:</source>
        <translation>代领人姓名(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Relation:</source>
        <translation>关系(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;ID number:</source>
        <translation>身份证号(&amp;I)：</translation>
    </message>
    <message>
        <source>Rea&amp;son:</source>
        <translation>理由(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>领取日期(&amp;D)：</translation>
    </message>
    <message>
        <source>Record the hand-out</source>
        <translation>登记发放</translation>
    </message>
</context>
<context>
    <name>HospitalsModel</name>
    <message>
        <source>Diagnosing hospital</source>
        <translation>诊断医院</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>达标率</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>已评审</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>不通过</translation>
    </message>
</context>
<context>
    <name>IntakePage</name>
    <message>
        <source>New application</source>
        <translation>首次申请</translation>
    </message>
    <message>
        <source>Renewal</source>
        <translation>续办（复审）</translation>
    </message>
    <message>
        <source>yyyy-mm-dd</source>
        <translation>年-月-日</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>from the insurance card, if at hand</source>
        <translation>医保卡上的人员编号（有卡时填写）</translation>
    </message>
    <message>
        <source>if the diagnosis paper gives it</source>
        <translation>诊断证明上有则填</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <source>Village group</source>
        <translation>村民小组</translation>
    </message>
    <message>
        <source>Household number</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>NCMS card number</source>
        <translation>合作医疗证号</translation>
    </message>
    <message>
        <source>National person number</source>
        <translation>人员编号</translation>
    </message>
    <message>
        <source>Insurance type</source>
        <translation>险种类型</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>申请类型</translation>
    </message>
    <message>
        <source>Diseases</source>
        <translation>病种</translation>
    </message>
    <message>
        <source>Diagnosing hospital</source>
        <translation>诊断医院</translation>
    </message>
    <message>
        <source>Diagnosis date</source>
        <translation>诊断日期</translation>
    </message>
    <message>
        <source>Doctor</source>
        <translation>诊断医生</translation>
    </message>
    <message>
        <source>Doctor&apos;s national code</source>
        <translation>医保医师代码</translation>
    </message>
    <message>
        <source>Agent&apos;s name</source>
        <translation>代办人姓名</translation>
    </message>
    <message>
        <source>Agent&apos;s ID number</source>
        <translation>代办人身份证号</translation>
    </message>
    <message>
        <source>Relation</source>
        <translation>与申请人关系</translation>
    </message>
    <message>
        <source>Agent&apos;s phone</source>
        <translation>代办人电话</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Disease</source>
        <translation>病种</translation>
    </message>
    <message>
        <source>Agent (if someone applies for them)</source>
        <translation>代办人（代为申请时填写）</translation>
    </message>
    <message>
        <source>Materials received</source>
        <translation>材料清单</translation>
    </message>
    <message>
        <source>Tick what the applicant brought</source>
        <translation>勾选申请人已提交的材料</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>材料文件</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Returning applicant: {0}</source>
        <translation>老申请人：{0}</translation>
    </message>
    <message>
        <source>Continuing draft {0}, saved earlier for this applicant</source>
        <translation>继续办理此申请人此前保存的草稿 {0}</translation>
    </message>
    <message>
        <source>Draft {0} saved</source>
        <translation>草稿 {0} 已保存</translation>
    </message>
    <message>
        <source>Materials not yet provided</source>
        <translation>材料尚未提供</translation>
    </message>
    <message>
        <source>Not yet provided: {0}. Receive the application now? The applicant can bring them later: the examination lists everything missing in one notice.</source>
        <translation>尚未提供：{0}。现在受理吗？申请人可以以后补交，初审时会一次性告知所缺的全部材料。</translation>
    </message>
    <message>
        <source>Not received yet: tick the materials the applicant brought</source>
        <translation>尚未受理：请勾选申请人已提交的材料</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>受理回执</translation>
    </message>
    <message>
        <source>Received {0} for {1}. Print the receipt now?</source>
        <translation>已受理 {1} 的申请 {0}。现在打印受理回执吗？</translation>
    </message>
    <message>
        <source>Print receipt</source>
        <translation>打印回执</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>暂不打印</translation>
    </message>
    <message>
        <source>The receipt could not be made: print it from the application&apos;s window under Applications</source>
        <translation>未能生成受理回执：请在“申请查询”中打开该申请打印</translation>
    </message>
    <message>
        <source>Not received: correct the marked fields</source>
        <translation>未受理：请更正标红的内容</translation>
    </message>
    <message>
        <source>Received {0} for {1}</source>
        <translation>已受理 {1} 的申请 {0}</translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation>保存草稿</translation>
    </message>
    <message>
        <source>Receive</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Next applicant</source>
        <translation>下一位</translation>
    </message>
    <message>
        <source>Changes to {0} are saved</source>
        <translation>{0} 的修改已保存</translation>
    </message>
    <message>
        <source>Keep draft</source>
        <translation>保留草稿</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Keep this form as draft {0} to finish later?</source>
        <translation>将本表保留为草稿 {0}，稍后继续办理吗？</translation>
    </message>
    <message>
        <source>The latest changes cannot be saved (see the marked fields). Keep draft {0} as it was last saved?</source>
        <translation>最近的修改无法保存（见标出的栏目）。按上次保存的内容保留草稿 {0} 吗？</translation>
    </message>
    <message>
        <source>This form cannot be kept as a draft until the ID number and name are right. Discard what is typed?</source>
        <translation>身份证号和姓名填写正确之前，本表不能保存为草稿。放弃已填写的内容吗？</translation>
    </message>
    <message>
        <source>Draft {0} kept: find it under Applications</source>
        <translation>草稿 {0} 已保留，可在“申请查询”中找到</translation>
    </message>
    <message>
        <source>The form is discarded</source>
        <translation>已放弃本表</translation>
    </message>
    <message>
        <source>Draft {0} discarded</source>
        <translation>已放弃草稿 {0}</translation>
    </message>
    <message>
        <source>The form left unfinished last time has been restored</source>
        <translation>已恢复上次未完成的受理表单</translation>
    </message>
</context>
<context>
    <name>ListedModel</name>
    <message>
        <source>Certificate</source>
        <translation>证号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>乡镇（站）</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <source>Diseases</source>
        <translation>认定病种</translation>
    </message>
    <message>
        <source>Standing</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>set aside {0}</source>
        <translation>{0} 异议成立撤销</translation>
    </message>
    <message>
        <source>on the list</source>
        <translation>公示中</translation>
    </message>
    <message>
        <source>in effect</source>
        <translation>有效</translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message>
        <source>Locked: {0}</source>
        <translation>已锁定：{0}</translation>
    </message>
    <message>
        <source>Window locked</source>
        <translation>窗口已锁定</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Switch user</source>
        <translation>切换用户</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Dashboard</source>
        <translation>工作台</translation>
    </message>
    <message>
        <source>Intake</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Applications</source>
        <translation>申请查询</translation>
    </message>
    <message>
        <source>Preliminary examination</source>
        <translation>初审</translation>
    </message>
    <message>
        <source>Batches &amp;&amp; sync</source>
        <translation>汇总与上报</translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation>慢性病证</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Renewal {0}: prefilled from the last application. Type the new diagnosis date and take in the new materials.</source>
        <translation>换证申请 {0}：已按上次申请填好。请填写新的诊断日期并收取新材料。</translation>
    </message>
    <message>
        <source>To sync: {0}</source>
        <translation>待上报：{0}</translation>
    </message>
    <message>
        <source>never</source>
        <translation>尚未同步</translation>
    </message>
    <message>
        <source>Last sync: {0}</source>
        <translation>上次同步：{0}</translation>
    </message>
</context>
<context>
    <name>MappingsModel</name>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Name in the catalogue</source>
        <translation>目录名称</translation>
    </message>
    <message>
        <source>National code</source>
        <translation>国家代码</translation>
    </message>
    <message>
        <source>National name</source>
        <translation>国家名称</translation>
    </message>
    <message>
        <source>Hospital</source>
        <translation>医院</translation>
    </message>
    <message>
        <source>Disease</source>
        <translation>病种</translation>
    </message>
    <message>
        <source>(not mapped)</source>
        <translation>（未对照）</translation>
    </message>
</context>
<context>
    <name>MeetingPage</name>
    <message>
        <source>Approved</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>不通过</translation>
    </message>
    <message>
        <source>Physical examination required</source>
        <translation>需体检</translation>
    </message>
    <message>
        <source>Supplement requested</source>
        <translation>需补充材料</translation>
    </message>
    <message>
        <source>Close the meeting…</source>
        <translation>结束会议…</translation>
    </message>
    <message>
        <source>Open a meeting</source>
        <translation>召开评审会议</translation>
    </message>
    <message>
        <source>Members present, e.g. 张医生、李医生、王主任</source>
        <translation>出席专家，如：张医生、李医生、王主任</translation>
    </message>
    <message>
        <source>&amp;Open the meeting</source>
        <translation>开始会议(&amp;O)</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>出席专家</translation>
    </message>
    <message>
        <source>Meetings held</source>
        <translation>已召开的评审会议</translation>
    </message>
    <message>
        <source>&amp;Minutes…</source>
        <translation>会议纪要(&amp;M)…</translation>
    </message>
    <message>
        <source>{0} · {1} · {2} cases, {3} concluded, {4} deferred</source>
        <translation>{0} · {1} · 共 {2} 件，已结论 {3} 件，暂缓 {4} 件</translation>
    </message>
    <message>
        <source>Or on paper: the committee&apos;s sheet</source>
        <translation>或用纸质评审表</translation>
    </message>
    <message>
        <source>&amp;Save the agenda as a sheet…</source>
        <translation>议程另存为评审表(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Record a filled sheet…</source>
        <translation>录入填好的评审表(&amp;R)…</translation>
    </message>
    <message>
        <source>Every row is checked first; with any problem nothing is recorded. The public notice above applies.</source>
        <translation>先逐行检查；有任何问题则一条也不录入。上方的公示设置同样适用。</translation>
    </message>
    <message>
        <source>Hold the certificates for a public &amp;notice</source>
        <translation>公示期满后再生效(&amp;N)</translation>
    </message>
    <message>
        <source>five working days; move the end past any public holiday</source>
        <translation>默认 5 个工作日；遇法定节假日请顺延结束日期</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Access standard</source>
        <translation>准入标准</translation>
    </message>
    <message>
        <source>Conclusion</source>
        <translation>评审结论</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <source>As the catalogue</source>
        <translation>按目录类别</translation>
    </message>
    <message>
        <source>Save and next (Ctrl+Enter)</source>
        <translation>保存并下一件（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Defer (Ctrl+D)</source>
        <translation>暂缓（Ctrl+D）</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Reasons</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Examination at</source>
        <translation>体检医院</translation>
    </message>
    <message>
        <source>Examination by</source>
        <translation>体检截止日期</translation>
    </message>
    <message>
        <source>Two experts</source>
        <translation>两名专家</translation>
    </message>
    <message>
        <source>No meeting is open.</source>
        <translation>目前没有正在进行的评审会议。</translation>
    </message>
    <message>
        <source>deferred</source>
        <translation>暂缓</translation>
    </message>
    <message>
        <source>○ after a physical examination</source>
        <translation>○ 体检后复审</translation>
    </message>
    <message>
        <source>○ appeal of a rejection</source>
        <translation>○ 申请复核（原未通过）</translation>
    </message>
    <message>
        <source>suspected duplicate</source>
        <translation>疑似重复申请</translation>
    </message>
    <message>
        <source>Meeting of {0} · {1}
Case {2} of {3} · concluded {4} · deferred {5}</source>
        <translation>{0} 评审会议 · {1}
第 {2} 件，共 {3} 件 · 已有结论 {4} 件 · 暂缓 {5} 件</translation>
    </message>
    <message>
        <source>Appeal lodged on {0}: {1}</source>
        <translation>{0} 申请复核：{1}</translation>
    </message>
    <message>
        <source>You typed: {0}</source>
        <translation>您填写的是：{0}</translation>
    </message>
    <message>
        <source>Close the meeting of {0}? Its {1} conclusions become the committee&apos;s decisions and the certificates are numbered; this cannot be undone.</source>
        <translation>结束 {0} 的评审会议？其 {1} 个结论将成为专家委员会的评审决定，并生成证号；此操作不能撤销。</translation>
    </message>
    <message>
        <source>The certificates stay at the county during the public notice, {0} to {1}, and go to the stations once it closes.</source>
        <translation>公示期（{0} 至 {1}）内证件留在县中心，公示结束后才下发到各站。</translation>
    </message>
    <message>
        <source>{0} case(s) have no conclusion yet (the first: No. {1}, {2}); they are deferred to the next meeting.</source>
        <translation>还有 {0} 件尚无结论（第一件：第 {1} 项，{2}），将暂缓到下次会议。</translation>
    </message>
    <message>
        <source>Close the meeting</source>
        <translation>结束会议</translation>
    </message>
    <message>
        <source>The meeting of {0} is closed: {1} decisions recorded, {2} certificates numbered{3}. Its minutes can be printed again from the meetings held below.</source>
        <translation>{0} 的评审会议已结束：记录结论 {1} 件，编号慢性病证 {2} 张{3}。会议纪要可在下方“已召开的评审会议”中再次打印。</translation>
    </message>
    <message>
        <source>No case is waiting for the committee.</source>
        <translation>没有待专家评审的案件。</translation>
    </message>
    <message>
        <source>Save the agenda as a sheet</source>
        <translation>议程另存为评审表</translation>
    </message>
    <message>
        <source>Workbooks (*.xlsx)</source>
        <translation>表格文件 (*.xlsx)</translation>
    </message>
    <message>
        <source>The sheet could not be written: {0}</source>
        <translation>评审表无法写入：{0}</translation>
    </message>
    <message>
        <source>Agenda of {0} case(s) saved as {1}</source>
        <translation>已将 {0} 个案件的议程保存为 {1}</translation>
    </message>
    <message>
        <source>A meeting is open: conclude its cases on screen.</source>
        <translation>已有评审会议正在进行：请在屏幕上逐案评审。</translation>
    </message>
    <message>
        <source>Choose the filled sheet</source>
        <translation>选择填好的评审表</translation>
    </message>
    <message>
        <source>The sheet has no conclusion filled in.</source>
        <translation>评审表中没有填写任何结论。</translation>
    </message>
    <message>
        <source>Record the {0} conclusion(s) of {1} as the committee&apos;s decisions? Certificates are numbered; this cannot be undone.</source>
        <translation>将 {1} 中的 {0} 条结论录入为专家评审决定？将生成慢性病证号，此操作不能撤回。</translation>
    </message>
    <message>
        <source>Record the sheet</source>
        <translation>录入评审表</translation>
    </message>
    <message>
        <source>Recorded {0} decision(s) on {1} application(s); {2} certificate(s) numbered.</source>
        <translation>已录入 {1} 件申请的 {0} 条评审决定；生成慢性病证号 {2} 个。</translation>
    </message>
    <message>
        <source>Row {0}</source>
        <translation>第 {0} 行</translation>
    </message>
    <message>
        <source>Nothing was recorded. Mend the sheet and record it again:</source>
        <translation>未录入任何内容。请修改评审表后重新录入：</translation>
    </message>
    <message>
        <source>Minutes of the meeting</source>
        <translation>评审会议纪要</translation>
    </message>
</context>
<context>
    <name>NationalModel</name>
    <message>
        <source>held back</source>
        <translation>缺项未导出</translation>
    </message>
    <message>
        <source>to send</source>
        <translation>待导出</translation>
    </message>
    <message>
        <source>sent, no reply yet</source>
        <translation>已导出，待回复</translation>
    </message>
    <message>
        <source>registered</source>
        <translation>平台已备案</translation>
    </message>
    <message>
        <source>revocation to send</source>
        <translation>撤销待导出</translation>
    </message>
    <message>
        <source>revocation sent</source>
        <translation>撤销已导出</translation>
    </message>
</context>
<context>
    <name>NationalPage</name>
    <message>
        <source>six digits</source>
        <translation>六位数字</translation>
    </message>
    <message>
        <source>The county&apos;s area code at the platform: six digits</source>
        <translation>本县在国家平台的医保区划代码：六位数字</translation>
    </message>
    <message>
        <source>Area code at the platform:</source>
        <translation>医保区划：</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Export for the platform…</source>
        <translation>导出报送文件…</translation>
    </message>
    <message>
        <source>A workbook for the provincial back office, JSON lines beside it (Ctrl+E)</source>
        <translation>供省级经办机构使用的工作簿，同目录另存 JSON lines 文件（Ctrl+E）</translation>
    </message>
    <message>
        <source>Also what was sent and never answered</source>
        <translation>同时重新导出已导出但未回复的记录</translation>
    </message>
    <message>
        <source>Import the reply…</source>
        <translation>导入平台回复…</translation>
    </message>
    <message>
        <source>The platform&apos;s serials for what was sent (Ctrl+O)</source>
        <translation>平台为已导出记录返回的流水号（Ctrl+O）</translation>
    </message>
    <message>
        <source>Save the list…</source>
        <translation>保存明细…</translation>
    </message>
    <message>
        <source>Every record and where it stands (Ctrl+S)</source>
        <translation>每条记录及其状态（Ctrl+S）</translation>
    </message>
    <message>
        <source>All records</source>
        <translation>全部记录</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>from the insurance card</source>
        <translation>医保卡上的人员编号</translation>
    </message>
    <message>
        <source>from the diagnosis paper</source>
        <translation>诊断证明上的医师代码</translation>
    </message>
    <message>
        <source>Keep for this file</source>
        <translation>为该申请补录</translation>
    </message>
    <message>
        <source>Person number:</source>
        <translation>人员编号：</translation>
    </message>
    <message>
        <source>Doctor&apos;s code:</source>
        <translation>医保医师代码：</translation>
    </message>
    <message>
        <source>as the platform&apos;s catalogue names it</source>
        <translation>按平台目录中的名称</translation>
    </message>
    <message>
        <source>Keep the code</source>
        <translation>保存代码</translation>
    </message>
    <message>
        <source>National code:</source>
        <translation>国家代码：</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>The platform knows a hospital and a disease only by its national code. Records naming one not mapped here are held back until it is.</source>
        <translation>国家平台只按代码识别医院和病种。涉及未对照医院或病种的记录，在对照之前不予导出。</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>报送记录</translation>
    </message>
    <message>
        <source>National codes</source>
        <translation>国家代码对照</translation>
    </message>
    <message>
        <source>Nothing to send yet: no certificate is in effect.</source>
        <translation>暂无需要报送的记录：尚无生效的慢性病证。</translation>
    </message>
    <message>
        <source>Kept for {0}: it goes with the next export.</source>
        <translation>已为 {0} 补录，下次导出时一并报送。</translation>
    </message>
    <message>
        <source>The file could not be written: {0}</source>
        <translation>文件无法写入：{0}</translation>
    </message>
    <message>
        <source>Unexpected error: {0}</source>
        <translation>意外错误：{0}</translation>
    </message>
    <message>
        <source>Nothing to send: what is listed is sent, or held back.</source>
        <translation>没有可导出的记录：所列记录均已导出或缺项。</translation>
    </message>
    <message>
        <source>Export for the platform</source>
        <translation>导出报送文件</translation>
    </message>
    <message>
        <source>Workbooks (*.xlsx)</source>
        <translation>工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Export {0} records for the platform? They are marked sent and are not exported again unless the platform never answers them.</source>
        <translation>导出 {0} 条记录报送国家平台？导出后即标记为已报送，除非平台一直未回复，不会再次导出。</translation>
    </message>
    <message>
        <source>Writing {0} …</source>
        <translation>正在写入 {0} …</translation>
    </message>
    <message>
        <source>Exported {0} registrations and {1} revocations: {2}</source>
        <translation>已导出备案 {0} 条、撤销 {1} 条：{2}</translation>
    </message>
    <message>
        <source>{0} held back until what they lack is filled in (listed below).</source>
        <translation>{0} 条缺少必填项，补齐后再导出（见下表）。</translation>
    </message>
    <message>
        <source>The platform&apos;s reply</source>
        <translation>平台回复</translation>
    </message>
    <message>
        <source>Replies (*.xlsx *.csv *.jsonl *.json *.txt)</source>
        <translation>回复文件 (*.xlsx *.csv *.jsonl *.json *.txt)</translation>
    </message>
    <message>
        <source>Reading {0} …</source>
        <translation>正在读取 {0} …</translation>
    </message>
    <message>
        <source>Recorded {0} serials from the platform ({1} already held).</source>
        <translation>已记录平台流水号 {0} 条（{1} 条此前已有）。</translation>
    </message>
    <message>
        <source>Line {0}: {1} {2} was never sent from here; left aside.</source>
        <translation>第 {0} 行：{1} {2} 本中心未导出过，已略过。</translation>
    </message>
    <message>
        <source>Line {0}: {1} {2} already has another serial; left as it was.</source>
        <translation>第 {0} 行：{1} {2} 已有另一流水号，未改动。</translation>
    </message>
    <message>
        <source>Line {0}: the platform refused it: {1}</source>
        <translation>第 {0} 行：平台未接受：{1}</translation>
    </message>
    <message>
        <source>Save the list</source>
        <translation>保存明细</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <source>Choose a hospital or disease in the table first</source>
        <translation>请先在表中选择医院或病种</translation>
    </message>
    <message>
        <source>{0} is now filed as {1}</source>
        <translation>{0} 现对照为 {1}</translation>
    </message>
</context>
<context>
    <name>NoticePage</name>
    <message>
        <source>Print the list</source>
        <translation>打印公示名单</translation>
    </message>
    <message>
        <source>Save as &amp;workbook…</source>
        <translation>另存为表格(&amp;W)…</translation>
    </message>
    <message>
        <source>Close the notice…</source>
        <translation>结束公示…</translation>
    </message>
    <message>
        <source>Print the public list (Alt+P)</source>
        <translation>打印公示名单（Alt+P）</translation>
    </message>
    <message>
        <source>Close the notice once its last day has passed (Alt+C)</source>
        <translation>公示期满后结束公示（Alt+C）</translation>
    </message>
    <message>
        <source>On the list</source>
        <translation>公示名单</translation>
    </message>
    <message>
        <source>Objections</source>
        <translation>异议</translation>
    </message>
    <message>
        <source>No public notice yet. A notice opens when a meeting is closed with “Hold the certificates for a public notice” ticked.</source>
        <translation>还没有公示。结束评审会议时勾选“公示期满后再生效”，即开始该会议的公示。</translation>
    </message>
    <message>
        <source>Record an objection</source>
        <translation>登记异议</translation>
    </message>
    <message>
        <source>who raised it: a name or an office</source>
        <translation>提出人：姓名或单位</translation>
    </message>
    <message>
        <source>what the objection says</source>
        <translation>异议内容</translation>
    </message>
    <message>
        <source>Record the objection typed here (Alt+O)</source>
        <translation>登记这里填写的异议（Alt+O）</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>证号</translation>
    </message>
    <message>
        <source>Raised by</source>
        <translation>提出人</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系方式</translation>
    </message>
    <message>
        <source>Received on</source>
        <translation>收到日期</translation>
    </message>
    <message>
        <source>Objection</source>
        <translation>异议内容</translation>
    </message>
    <message>
        <source>Decide the chosen objection</source>
        <translation>处理选中的异议</translation>
    </message>
    <message>
        <source>Upheld: set the approval aside</source>
        <translation>异议成立：撤销认定</translation>
    </message>
    <message>
        <source>Dismissed: the certificate stands</source>
        <translation>异议不成立：维持认定</translation>
    </message>
    <message>
        <source>what was checked, and the finding</source>
        <translation>核查情况和处理意见</translation>
    </message>
    <message>
        <source>Record the objection (Alt+O)</source>
        <translation>登记异议（Alt+O）</translation>
    </message>
    <message>
        <source>Decide (Alt+D)</source>
        <translation>作出处理（Alt+D）</translation>
    </message>
    <message>
        <source>Decide the objection chosen above (Alt+D)</source>
        <translation>处理上面选中的异议（Alt+D）</translation>
    </message>
    <message>
        <source>Choose an objection in the table above</source>
        <translation>请先在上方表格中选中一条异议</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>处理意见</translation>
    </message>
    <message>
        <source>Checked</source>
        <translation>核查情况</translation>
    </message>
    <message>
        <source>Meeting of {0}
{1} to {2} · {3}</source>
        <translation>{0} 评审会议
{1} 至 {2} · {3}</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>running, {0} objection(s) to decide</source>
        <translation>公示中，{0} 条异议待处理</translation>
    </message>
    <message>
        <source>ended: ready to close</source>
        <translation>已期满，可结束公示</translation>
    </message>
    <message>
        <source>running</source>
        <translation>公示中</translation>
    </message>
    <message>
        <source>Public notice of the meeting of {0}, {1} to {2}: {3} on the list, {4} set aside · {5}</source>
        <translation>{0} 评审会议的公示，{1} 至 {2}：名单 {3} 人，撤销 {4} 人 · {5}</translation>
    </message>
    <message>
        <source>Objections can be recorded once the notice starts, on {0}</source>
        <translation>公示于 {0} 开始，开始后才能登记异议</translation>
    </message>
    <message>
        <source>This objection is decided already</source>
        <translation>这条异议已处理</translation>
    </message>
    <message>
        <source>Public-notice list</source>
        <translation>公示名单</translation>
    </message>
    <message>
        <source>Save the public list</source>
        <translation>保存公示名单</translation>
    </message>
    <message>
        <source>Workbooks (*.xlsx)</source>
        <translation>Excel 表格 (*.xlsx)</translation>
    </message>
    <message>
        <source>The workbook could not be written: {0}</source>
        <translation>表格未能保存：{0}</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <source>Objection against {0} recorded: decide it once it is checked</source>
        <translation>已登记对 {0} 的异议：核查后请作出处理</translation>
    </message>
    <message>
        <source>Choose the objection to decide in the table above</source>
        <translation>先在上面的表格中选中要处理的异议</translation>
    </message>
    <message>
        <source>Uphold the objection</source>
        <translation>异议成立</translation>
    </message>
    <message>
        <source>Uphold the objection against {0} ({1})? Certificate {0} is revoked before it takes effect and the case goes back to the committee&apos;s next meeting; this cannot be undone.</source>
        <translation>确认对 {0}（{1}）的异议成立？证 {0} 在生效前撤销，该案件回到下次评审会议；此操作不能撤销。</translation>
    </message>
    <message>
        <source>Objection against {0} decided</source>
        <translation>对 {0} 的异议已处理</translation>
    </message>
    <message>
        <source>Close the public notice of {0} to {1}? The {2} certificate(s) on its list take effect and go to their stations with the next package; this cannot be undone.</source>
        <translation>结束 {0} 至 {1} 的公示？名单上的 {2} 份证件即生效，并随下一个数据包下发到各站；此操作不能撤销。</translation>
    </message>
    <message>
        <source>Close the notice</source>
        <translation>结束公示</translation>
    </message>
    <message>
        <source>The notice is closed: its certificates are in effect</source>
        <translation>公示已结束，证件已生效</translation>
    </message>
</context>
<context>
    <name>ObjectionsModel</name>
    <message>
        <source>Certificate</source>
        <translation>证号</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Raised by</source>
        <translation>提出人</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>收到日期</translation>
    </message>
    <message>
        <source>Objection</source>
        <translation>异议内容</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>处理意见</translation>
    </message>
    <message>
        <source>upheld</source>
        <translation>成立</translation>
    </message>
    <message>
        <source>dismissed</source>
        <translation>不成立</translation>
    </message>
    <message>
        <source>to decide</source>
        <translation>待处理</translation>
    </message>
</context>
<context>
    <name>OfficeBox</name>
    <message>
        <source>Contact printed on receipts and notices</source>
        <translation>回执和告知书上的联系方式</translation>
    </message>
    <message>
        <source>Save contact</source>
        <translation>保存联系方式</translation>
    </message>
    <message>
        <source>The phone is printed on every receipt and one-time notice; while it is empty the receipt leaves the phone line out.</source>
        <translation>电话印在每张受理回执和一次性告知书上；未填写时，回执不印咨询电话一行。</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Saved: {0}</source>
        <translation>已保存：{0}</translation>
    </message>
</context>
<context>
    <name>OnlineSyncBox</name>
    <message>
        <source>Sync with the county over the network</source>
        <translation>通过网络与县合管中心同步</translation>
    </message>
    <message>
        <source>Enter sync token…</source>
        <translation>输入同步令牌…</translation>
    </message>
    <message>
        <source>Administrator: the token the county issued</source>
        <translation>管理员：输入县里签发的令牌</translation>
    </message>
    <message>
        <source>County address</source>
        <translation>县同步地址</translation>
    </message>
    <message>
        <source>Sync now (F9)</source>
        <translation>立即同步 (F9)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Sync automatically when the county can be reached</source>
        <translation>能连上县里时自动同步</translation>
    </message>
    <message>
        <source>Only the station head syncs with the county</source>
        <translation>只有站长可以与县合管中心同步</translation>
    </message>
    <message>
        <source>Enter the county&apos;s address first (the IT person has it), e.g. https://county.example.cn:8470, then sync again (F9)</source>
        <translation>请先填写县合管中心的地址（向IT人员索取），例如 https://county.example.cn:8470，然后再同步（F9）</translation>
    </message>
    <message>
        <source>Sync token</source>
        <translation>同步令牌</translation>
    </message>
    <message>
        <source>The token the county issued for this station (32 letters and digits):</source>
        <translation>县里为本站签发的令牌（32位字母和数字）：</translation>
    </message>
    <message>
        <source>Sync token saved.</source>
        <translation>同步令牌已保存。</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>Cancelling… (what has been sent is kept)</source>
        <translation>正在取消…（已发送的部分会保留）</translation>
    </message>
    <message>
        <source>Making the package…</source>
        <translation>正在生成数据包…</translation>
    </message>
    <message>
        <source>Sending to the county…</source>
        <translation>正在发送到县里…</translation>
    </message>
    <message>
        <source>The county is checking and importing the package…</source>
        <translation>县里正在核验并导入数据包…</translation>
    </message>
    <message>
        <source>Fetching the county&apos;s decisions…</source>
        <translation>正在取回县里的审核结果…</translation>
    </message>
    <message>
        <source>Applying the county&apos;s decisions…</source>
        <translation>正在导入县里的审核结果…</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
    <message>
        <source>about %1 min %2 s left</source>
        <translation>约剩 %1 分 %2 秒</translation>
    </message>
    <message numerus="yes">
        <source>%n reconnection(s)</source>
        <translation>
            <numerusform>重连 %n 次</numerusform>
        </translation>
    </message>
    <message>
        <source>Synced at %1: %2 sent; %3 decision(s) and certificate(s) received.</source>
        <translation>%1 同步完成：发送 %2；收到审核结论和证书 %3 项。</translation>
    </message>
    <message>
        <source>The sync stopped on an unexpected error (%1). Packages already made are kept in %2 for a later sync or the USB route.</source>
        <translation>同步因意外错误（%1）中止。已生成的数据包保存在 %2，可稍后再同步或用U盘报送。</translation>
    </message>
    <message>
        <source>(Automatic sync will try again.)</source>
        <translation>（自动同步会再次尝试。）</translation>
    </message>
</context>
<context>
    <name>OutcomesModel</name>
    <message>
        <source>Station</source>
        <translation>乡镇（站）</translation>
    </message>
    <message>
        <source>Disease</source>
        <translation>病种</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>of which partly</source>
        <translation>其中部分通过</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>不通过</translation>
    </message>
    <message>
        <source>Examination</source>
        <translation>需体检</translation>
    </message>
    <message>
        <source>Supplement</source>
        <translation>需补充材料</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>待审</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
</context>
<context>
    <name>OutgoingModel</name>
    <message>
        <source>Station</source>
        <translation>乡镇（站）</translation>
    </message>
    <message>
        <source>Decisions to pick up</source>
        <translation>待下发的评审结论</translation>
    </message>
    <message>
        <source>Certificates to pick up</source>
        <translation>待下发的证件</translation>
    </message>
    <message>
        <source>Other changes to pick up</source>
        <translation>待下发的其他变动</translation>
    </message>
    <message>
        <source>Held for the public notice</source>
        <translation>公示中暂留</translation>
    </message>
    <message>
        <source>Last package made</source>
        <translation>最近生成的数据包</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>尚无</translation>
    </message>
    <message>
        <source>No. {0}, {1}</source>
        <translation>第 {0} 号，{1}</translation>
    </message>
</context>
<context>
    <name>PackageHistoryModel</name>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Package</source>
        <translation>数据包</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>sent to</source>
        <translation>发往</translation>
    </message>
    <message>
        <source>received from</source>
        <translation>收自</translation>
    </message>
    <message>
        <source>applied</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>acknowledged</source>
        <translation>对方已确认</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>待确认</translation>
    </message>
</context>
<context>
    <name>PackagesPage</name>
    <message>
        <source>Import a station&apos;s package…</source>
        <translation>导入合管站的数据包…</translation>
    </message>
    <message>
        <source>A package brought on a drive (Alt+I)</source>
        <translation>从U盘带来的数据包（Alt+I）</translation>
    </message>
    <message>
        <source>Write the chosen station&apos;s package to a drive…</source>
        <translation>把选中合管站的数据包写入U盘…</translation>
    </message>
    <message>
        <source>Its decisions and certificates, for a station that does not sync online (Alt+E)</source>
        <translation>该站的评审结论和证件，供不联网同步的合管站使用（Alt+E）</translation>
    </message>
    <message>
        <source>A station that syncs online picks up its decisions by itself; a certificate held for a running public notice goes once the notice is closed.</source>
        <translation>联网同步的合管站会自动取回评审结论；公示中的证件在公示结束后才下发。</translation>
    </message>
    <message>
        <source>Unexpected error: {0}</source>
        <translation>意外错误：{0}</translation>
    </message>
    <message>
        <source>Choose the station&apos;s package</source>
        <translation>选择合管站的数据包</translation>
    </message>
    <message>
        <source>Sync packages (*.ncmspkg)</source>
        <translation>同步数据包 (*.ncmspkg)</translation>
    </message>
    <message>
        <source>Checking and applying {0} …</source>
        <translation>正在检查并导入 {0} …</translation>
    </message>
    <message>
        <source>This package was applied before; nothing changed.</source>
        <translation>该数据包以前已导入，未作任何更改。</translation>
    </message>
    <message>
        <source>This package is older than what is here; nothing changed.</source>
        <translation>该数据包比这里的数据旧，未作任何更改。</translation>
    </message>
    <message>
        <source>Package {0} from {1} applied: {2} new application(s), {3} amended, {4} possible duplicate(s) flagged for the Cases page.</source>
        <translation>已导入 {1} 的第 {0} 号数据包：新申请 {2} 件，修改 {3} 件，{4} 件疑似重复，已在“申请件”页标出。</translation>
    </message>
    <message>
        <source>Choose the station in the table first</source>
        <translation>先在表格中选中合管站</translation>
    </message>
    <message>
        <source>Choose the removable drive or folder</source>
        <translation>选择U盘或文件夹</translation>
    </message>
    <message>
        <source>Writing and checking {0} …</source>
        <translation>正在写入并检查 {0} …</translation>
    </message>
    <message>
        <source>Package {0} written to {1} and verified by reading it back. It is safe to remove the drive; what it carries counts as picked up once the station has imported it.</source>
        <translation>第 {0} 号数据包已写入 {1}，并已读回校验，可以拔出U盘；合管站导入后，其中内容才算已下发。</translation>
    </message>
</context>
<context>
    <name>PhotoDialog</name>
    <message>
        <source>1-inch photo: {0}</source>
        <translation>1寸照片：{0}</translation>
    </message>
    <message>
        <source>Put the head inside the green oval. Arrows move the frame, + and − resize it, Enter keeps the photo.</source>
        <translation>请让头部位于绿色椭圆内。方向键移动取景框，+ 和 − 调整大小，按回车确定。</translation>
    </message>
    <message>
        <source>Background: blue</source>
        <translation>背景：蓝色</translation>
    </message>
    <message>
        <source>Background: white</source>
        <translation>背景：白色</translation>
    </message>
    <message>
        <source>Background is neither blue nor white: check the local rule</source>
        <translation>背景既不是蓝色也不是白色：请按当地要求核对</translation>
    </message>
</context>
<context>
    <name>PrintPreviewDialog</name>
    <message>
        <source>PDF file…</source>
        <translation>PDF 文件…</translation>
    </message>
    <message>
        <source>{0} page(s)</source>
        <translation>共 {0} 页</translation>
    </message>
    <message>
        <source>No printer is installed on this PC: save a PDF file and print it on another PC, or ask the IT person to install the printer.</source>
        <translation>本机没有安装打印机：可以保存为PDF文件到别的电脑上打印，或请IT人员安装打印机。</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <source>Nothing was printed: check that the printer is switched on, connected and has paper, then press Print again (or save a PDF file).</source>
        <translation>没有打印出来：请检查打印机已开机、已连接、有纸，然后再按“打印”（或保存为PDF文件）。</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>QuarterTableModel</name>
    <message>
        <source>Station</source>
        <translation>合管站</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>All stations</source>
        <translation>全部合管站</translation>
    </message>
</context>
<context>
    <name>ReceivedPackagesModel</name>
    <message>
        <source>Received</source>
        <translation>收到</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>导入内容</translation>
    </message>
    <message>
        <source>applicants</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>applications</source>
        <translation>申请件</translation>
    </message>
    <message>
        <source>application states</source>
        <translation>申请状态</translation>
    </message>
    <message>
        <source>batches</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>documents</source>
        <translation>材料文件</translation>
    </message>
    <message>
        <source>history entries</source>
        <translation>办理记录</translation>
    </message>
    <message>
        <source>decisions</source>
        <translation>评审结论</translation>
    </message>
    <message>
        <source>certificates</source>
        <translation>证件</translation>
    </message>
    <message>
        <source>catalogue entries</source>
        <translation>目录条目</translation>
    </message>
    <message>
        <source>acknowledgements</source>
        <translation>回执</translation>
    </message>
</context>
<context>
    <name>ReconciliationModel</name>
    <message>
        <source>Batch</source>
        <translation>批次</translation>
    </message>
</context>
<context>
    <name>RefusalsModel</name>
    <message>
        <source>Refused</source>
        <translation>拒收</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>RegisterModel</name>
    <message>
        <source>on public notice until {0}</source>
        <translation>公示中，至 {0}</translation>
    </message>
    <message>
        <source>in effect</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>set aside {0}</source>
        <translation>{0} 异议成立撤销</translation>
    </message>
    <message>
        <source>revoked {0}: {1}</source>
        <translation>已于 {0} 撤销：{1}</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>in effect; reported lost, to replace</source>
        <translation>有效；已挂失，待补办</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>证号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>乡镇（站）</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <source>Diseases</source>
        <translation>认定病种</translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation>有效期起</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>有效期止</translation>
    </message>
    <message>
        <source>Standing</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>permanent</source>
        <translation>长期</translation>
    </message>
</context>
<context>
    <name>RegisterPage</name>
    <message>
        <source>Certificate number, name or station (Alt+S)</source>
        <translation>证号、姓名或乡镇（Alt+S）</translation>
    </message>
    <message>
        <source>Ending within {0} days (renewal list)</source>
        <translation>{0} 天内到期（换证名单）</translation>
    </message>
    <message>
        <source>In effect and ending soon, by station (Alt+R)</source>
        <translation>有效且即将到期，按乡镇排列（Alt+R）</translation>
    </message>
    <message>
        <source>Save as workbook…</source>
        <translation>另存为表格…</translation>
    </message>
    <message>
        <source>Revoke…</source>
        <translation>撤销…</translation>
    </message>
    <message>
        <source>End the chosen certificate in effect, with its reason (Alt+V)</source>
        <translation>撤销选中的有效慢性病证，须写明理由（Alt+V）</translation>
    </message>
    <message>
        <source>Replace…</source>
        <translation>补办…</translation>
    </message>
    <message>
        <source>A new number for the chosen certificate, lost or damaged (Alt+P)</source>
        <translation>为遗失或损毁的所选证件补办新证号（Alt+P）</translation>
    </message>
    <message>
        <source>{0} of {1} certificates</source>
        <translation>共 {1} 份，显示 {0} 份</translation>
    </message>
    <message>
        <source>Choose the certificate to revoke in the table first</source>
        <translation>请先在表格中选中要撤销的慢性病证</translation>
    </message>
    <message>
        <source>Certificate {0} is not in effect ({1}): there is nothing to revoke</source>
        <translation>证书 {0} 不在有效状态（{1}），无需撤销</translation>
    </message>
    <message>
        <source>Certificate {0} revoked; it goes to its station with the next package</source>
        <translation>慢性病证 {0} 已撤销；将随下一个数据包下发到所属合管站</translation>
    </message>
    <message>
        <source>Choose the certificate to replace in the table first</source>
        <translation>请先在表格中选中要补办的慢性病证</translation>
    </message>
    <message>
        <source>Certificate {0} is not in effect ({1}): it is not replaced</source>
        <translation>慢性病证 {0} 不在有效状态（{1}），不能补办</translation>
    </message>
    <message>
        <source>Certificate {0} replaces {1}, which is revoked; both go to the station with its next package</source>
        <translation>已补办新证 {0}，原证 {1} 已撤销；二者随下一个数据包下发到合管站</translation>
    </message>
    <message>
        <source>Save the list</source>
        <translation>保存名单</translation>
    </message>
    <message>
        <source>Workbooks (*.xlsx)</source>
        <translation>Excel 表格 (*.xlsx)</translation>
    </message>
    <message>
        <source>The workbook could not be written: {0}</source>
        <translation>表格未能保存：{0}</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
</context>
<context>
    <name>ReplaceDialog</name>
    <message>
        <source>Replace certificate {0}</source>
        <translation>补办慢性病证 {0}</translation>
    </message>
    <message>
        <source>Station {0} reported it lost or damaged.</source>
        <translation>{0}已报告遗失或损毁。</translation>
    </message>
    <message>
        <source>Station {0} has not reported it lost: say why it is replaced (a damaged card brought to the county&apos;s counter, say).</source>
        <translation>{0}未报挂失：请写明补办理由（如证本损毁后送到县中心窗口）。</translation>
    </message>
    <message>
        <source>Certificate {0} of {1} ({2}). {3} The replacement gets a new number with the same diseases and validity, and goes to the station with its next package; the old certificate is revoked today and its code reads as revoked. This cannot be undone.</source>
        <translation>{1}（{2}）的慢性病证 {0}。{3}新证使用新证号，病种和有效期不变，随下一个数据包下发到合管站；原证今日撤销，其二维码核验显示已撤销。此操作不能撤回。</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>理由(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
    <message>
        <source>Issue the replacement</source>
        <translation>补办新证</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <source>Cancel certificate {0}</source>
        <translation>注销慢性病证 {0}</translation>
    </message>
    <message>
        <source>Report certificate {0} lost</source>
        <translation>慢性病证 {0} 挂失</translation>
    </message>
    <message>
        <source>{0}, certificate {1}. The county ends the certificate from the day given once the next package reaches it.</source>
        <translation>{0}，慢性病证 {1}。下次数据包送达县级后，该证自所填日期起终止。</translation>
    </message>
    <message>
        <source>{0}, certificate {1}. The county issues a replacement under a new number once the next package reaches it; the old one is revoked and its code reads as revoked wherever it is checked.</source>
        <translation>{0}，慢性病证 {1}。下次数据包送达县级后，县级以新证号补办；原证撤销，其二维码在任何地方核验都显示已撤销。</translation>
    </message>
    <message>
        <source>The holder died</source>
        <translation>持证人死亡</translation>
    </message>
    <message>
        <source>Moved away</source>
        <translation>迁出</translation>
    </message>
    <message>
        <source>Insurance ended</source>
        <translation>参保终止</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>遗失</translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation>损毁</translation>
    </message>
    <message>
        <source>&amp;Cause:</source>
        <translation>原因(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>日期(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>终止日期(&amp;D)：</translation>
    </message>
    <message>
        <source>Record the cancellation</source>
        <translation>登记注销</translation>
    </message>
    <message>
        <source>Record the loss</source>
        <translation>登记挂失</translation>
    </message>
    <message>
        <source>Cancel the certificate</source>
        <translation>注销证件</translation>
    </message>
    <message>
        <source>Cancel certificate {0} of {1} from {2}? This cannot be taken back at the station.</source>
        <translation>确定自 {2} 起注销 {1} 的慢性病证 {0}？注销后乡镇站无法撤回。</translation>
    </message>
</context>
<context>
    <name>ReportsModel</name>
    <message>
        <source>(no diagnosing hospital)</source>
        <translation>（未填诊断医院）</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>不通过</translation>
    </message>
    <message>
        <source>upheld: approved</source>
        <translation>改判通过</translation>
    </message>
    <message>
        <source>dismissed: rejected again</source>
        <translation>维持不通过</translation>
    </message>
    <message>
        <source>waiting for the committee</source>
        <translation>待专家评审</translation>
    </message>
    <message>
        <source>physical examination</source>
        <translation>需体检</translation>
    </message>
    <message>
        <source>supplement requested</source>
        <translation>需补充材料</translation>
    </message>
    <message>
        <source>withdrawn</source>
        <translation>已撤回</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>The quarter the report counts (Alt+Q)</source>
        <translation>报表统计的季度（Alt+Q）</translation>
    </message>
    <message>
        <source>Quarter:</source>
        <translation>季度：</translation>
    </message>
    <message>
        <source>Save as workbook…</source>
        <translation>另存为表格…</translation>
    </message>
    <message>
        <source>Save the report shown (Ctrl+S)</source>
        <translation>保存当前报表（Ctrl+S）</translation>
    </message>
    <message>
        <source>Counted per declared disease: a file declaring two diseases counts twice. Partly approved: approved here while another disease of the same file was rejected.</source>
        <translation>按申报病种计（人次）：一份申请申报两个病种计两次。部分通过：本病种通过，而同一申请的另一病种未通过。</translation>
    </message>
    <message>
        <source>Quarter by station and disease</source>
        <translation>按乡镇和病种的季度结果</translation>
    </message>
    <message>
        <source>Compliance by diagnosing hospital</source>
        <translation>诊断医院达标率</translation>
    </message>
    <message>
        <source>Appeals</source>
        <translation>申请复核</translation>
    </message>
    <message>
        <source>All quarters</source>
        <translation>全部季度</translation>
    </message>
    <message>
        <source>Nothing concluded yet in this period.</source>
        <translation>该期间尚无评审结论。</translation>
    </message>
    <message>
        <source>{0} appealed diseases: {1}</source>
        <translation>申请复核 {0} 人次：{1}</translation>
    </message>
    <message>
        <source>No appeal in this period.</source>
        <translation>本期没有申请复核。</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>达标率</translation>
    </message>
    <message>
        <source>Approved ÷ reviewed</source>
        <translation>通过 ÷ 已评审</translation>
    </message>
    <message>
        <source>{0}: {1} reviewed, {2} approved</source>
        <translation>{0}：已评审 {1}，通过 {2}</translation>
    </message>
    <message>
        <source>Save the report</source>
        <translation>保存报表</translation>
    </message>
    <message>
        <source>Workbooks (*.xlsx)</source>
        <translation>表格文件 (*.xlsx)</translation>
    </message>
    <message>
        <source>The workbook could not be written: {0}</source>
        <translation>表格无法写入：{0}</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
</context>
<context>
    <name>RevokeDialog</name>
    <message>
        <source>Revoke certificate {0}</source>
        <translation>撤销慢性病证 {0}</translation>
    </message>
    <message>
        <source>Certificate {0} of {1} ({2}) ends today. Its number stays taken; the revocation goes to station {3} with its next package, and the station can no longer print it. This cannot be undone.</source>
        <translation>{1}（{2}）的慢性病证 {0} 自今日起失效。证号保留不再使用；撤销将随下一个数据包下发到{3}，该站将不能再打印此证。此操作不能撤回。</translation>
    </message>
    <message>
        <source>why: e.g. the applicant died on 2026-11-20</source>
        <translation>理由：例如 持证人已于2026-11-20死亡</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>理由(&amp;R)：</translation>
    </message>
    <message>
        <source>Revoke the certificate</source>
        <translation>确认撤销此证</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>保存设置</translation>
    </message>
    <message>
        <source>Language (applies at next start)</source>
        <translation>界面语言（下次启动生效）</translation>
    </message>
    <message>
        <source>Scanner folder</source>
        <translation>扫描仪文件夹</translation>
    </message>
    <message>
        <source>Lock the window after no use for</source>
        <translation>无人操作多久后锁定窗口</translation>
    </message>
    <message>
        <source>Data directory</source>
        <translation>数据目录</translation>
    </message>
    <message>
        <source>Certificate booklet printing</source>
        <translation>慢性病证套打</translation>
    </message>
    <message>
        <source>PDF file</source>
        <translation>PDF 文件</translation>
    </message>
    <message>
        <source>Save offsets for this printer</source>
        <translation>保存此打印机的偏移量</translation>
    </message>
    <message>
        <source>Print a certificate in booklet mode on plain paper, lay it on a booklet page against the light, and move the values by the distance they are off (right and up are positive).</source>
        <translation>用白纸以套打方式打印一份证件，与证本内页对齐后迎光查看，按偏差的距离移动打印内容（向右、向上为正）。</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>Move right by</source>
        <translation>向右移动</translation>
    </message>
    <message>
        <source>Move up by</source>
        <translation>向上移动</translation>
    </message>
    <message>
        <source>Saved: certificates printed on {0} move {1} mm right and {2} mm up.</source>
        <translation>已保存：在 {0} 上打印的证件向右移动 {1} 毫米、向上移动 {2} 毫米。</translation>
    </message>
    <message>
        <source>{0} is not a folder on this PC</source>
        <translation>{0} 不是本机上的文件夹</translation>
    </message>
    <message>
        <source>Settings saved</source>
        <translation>设置已保存</translation>
    </message>
</context>
<context>
    <name>StationActivityModel</name>
    <message>
        <source>Station</source>
        <translation>合管站</translation>
    </message>
    <message>
        <source>Packages received</source>
        <translation>已收数据包</translation>
    </message>
    <message>
        <source>Last package received</source>
        <translation>最近收包时间</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>最近同步</translation>
    </message>
    <message>
        <source>Silent for</source>
        <translation>未报送</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>尚无</translation>
    </message>
    <message>
        <source>{0} days</source>
        <translation>{0} 天</translation>
    </message>
</context>
<context>
    <name>StationsModel</name>
    <message>
        <source>Station</source>
        <translation>合管站</translation>
    </message>
    <message>
        <source>Last package</source>
        <translation>最近数据包</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>最近同步</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>收到</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>拒收</translation>
    </message>
    <message>
        <source>Sync token</source>
        <translation>同步令牌</translation>
    </message>
    <message>
        <source>revoked {0}</source>
        <translation>已撤销 {0}</translation>
    </message>
    <message>
        <source>issued {0}</source>
        <translation>已签发 {0}</translation>
    </message>
    <message>
        <source>issued</source>
        <translation>已签发</translation>
    </message>
    <message>
        <source>none issued</source>
        <translation>未签发</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>尚无</translation>
    </message>
    <message>
        <source>No. {0}, {1}</source>
        <translation>第 {0} 号，{1}</translation>
    </message>
</context>
<context>
    <name>StationsPage</name>
    <message>
        <source>Issue token…</source>
        <translation>签发令牌…</translation>
    </message>
    <message>
        <source>Revoke station…</source>
        <translation>撤销信任…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Read every station&apos;s packages again (F5)</source>
        <translation>重新读取各站的数据包（F5）</translation>
    </message>
    <message>
        <source>Issue the chosen station a new sync token (Alt+T)</source>
        <translation>为所选合管站签发新的同步令牌（Alt+T）</translation>
    </message>
    <message>
        <source>Stop trusting the chosen station (Alt+V)</source>
        <translation>撤销对所选合管站的信任（Alt+V）</translation>
    </message>
    <message>
        <source>Only a county administrator issues tokens and revokes stations</source>
        <translation>只有县级管理员可以签发令牌和撤销信任</translation>
    </message>
    <message>
        <source>Reco&amp;nciliation</source>
        <translation>核对(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Packages received</source>
        <translation>已收数据包(&amp;P)</translation>
    </message>
    <message>
        <source>Re&amp;fused</source>
        <translation>拒收(&amp;F)</translation>
    </message>
    <message>
        <source>Refused, sender unknown</source>
        <translation>拒收（发送方不明）</translation>
    </message>
    <message>
        <source>Stations: {0}</source>
        <translation>合管站：{0} 个</translation>
    </message>
    <message>
        <source>Reco&amp;nciliation ({0} to check)</source>
        <translation>核对（{0} 个待查）(&amp;N)</translation>
    </message>
    <message>
        <source>Re&amp;fused ({0})</source>
        <translation>拒收（{0}）(&amp;F)</translation>
    </message>
    <message>
        <source>Refused, sender unknown ({0})</source>
        <translation>拒收（发送方不明，{0}）</translation>
    </message>
    <message>
        <source>Audit head as last reported: none yet</source>
        <translation>最近报告的审计链末端：尚无</translation>
    </message>
    <message>
        <source>Audit head as last reported: {0}… (entry {1}), in package No. {2}</source>
        <translation>最近报告的审计链末端：{0}…（第 {1} 条），见第 {2} 号数据包</translation>
    </message>
    <message>
        <source>Replace token…</source>
        <translation>更换令牌…</translation>
    </message>
    <message>
        <source>Replace token</source>
        <translation>更换令牌</translation>
    </message>
    <message>
        <source>Issue a new token for {0} {1}? The token the station has now stops working at once: it syncs again only once it enters the new one.</source>
        <translation>为 {0} {1} 签发新令牌？该站现有的令牌立即失效：录入新令牌后才能再同步。</translation>
    </message>
    <message>
        <source>A new token was issued for {0}.</source>
        <translation>已为 {0} 签发新令牌。</translation>
    </message>
    <message>
        <source>Revoke station</source>
        <translation>撤销信任</translation>
    </message>
    <message>
        <source>Stop trusting {0} {1}? Its packages will be refused and its token stops working. Trusting it again needs its identity file (ncms peers add).</source>
        <translation>撤销对 {0} {1} 的信任？其数据包将被拒收，令牌随即失效。重新信任需要其身份文件（ncms peers add）。</translation>
    </message>
    <message>
        <source>{0} is no longer trusted.</source>
        <translation>已撤销对 {0} 的信任。</translation>
    </message>
</context>
<context>
    <name>TokenDialog</name>
    <message>
        <source>Sync token for {0}</source>
        <translation>{0} 的同步令牌</translation>
    </message>
    <message>
        <source>Give this token to station {0}: its administrator enters it under Settings. It is shown only now; any earlier token of the station no longer works.</source>
        <translation>请把此令牌交给合管站 {0}，由其管理员在“设置”中录入。令牌只显示这一次；该站以前的令牌不再有效。</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>Copied.</source>
        <translation>已复制。</translation>
    </message>
</context>
<context>
    <name>TrainingBar</name>
    <message>
        <source>TRAINING MODE: a practice county with practice stations&apos; files, nothing here is real</source>
        <translation>培训模式：练习用的县合管中心和练习合管站报来的申请件，均非真实数据</translation>
    </message>
    <message>
        <source>TRAINING MODE: practice data, nothing here is real; packages go to the training county only</source>
        <translation>培训模式：练习数据，均非真实；数据包只发往培训县中心</translation>
    </message>
    <message>
        <source>Training county: decide a package…</source>
        <translation>培训县中心审批数据包</translation>
    </message>
    <message>
        <source>Choose the package you exported: the training county imports it, its committee decides, and its answer is written beside it for you to import</source>
        <translation>选择刚导出的数据包：培训县中心导入并由其评审委员会作出结论，回复数据包写在同一文件夹，供您导入</translation>
    </message>
    <message>
        <source>Start over…</source>
        <translation>重新开始练习</translation>
    </message>
    <message>
        <source>Delete all practice data and begin a fresh quarter</source>
        <translation>删除全部练习数据，开始新的季度</translation>
    </message>
    <message>
        <source>Choose the package the station exported</source>
        <translation>选择本站导出的数据包</translation>
    </message>
    <message>
        <source>Sync packages (*.ncmspkg)</source>
        <translation>同步数据包 (*.ncmspkg)</translation>
    </message>
    <message>
        <source>Training county</source>
        <translation>培训县中心</translation>
    </message>
    <message>
        <source>The training county decided %1 case(s) and issued %2 certificate(s). Its answer is %3: import it on the Batches &amp; sync page.</source>
        <translation>培训县中心评审了 %1 例，颁发慢性病证 %2 本。回复数据包为 %3：请在“汇总与上报”页面导入。</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>重新开始</translation>
    </message>
    <message>
        <source>Delete everything practised so far and begin a fresh quarter? This cannot be undone. The training then starts again with fresh data.</source>
        <translation>删除目前为止的全部练习并开始新的季度？此操作无法撤销。培训将以全新数据重新开始。</translation>
    </message>
</context>
<context>
    <name>WindowFrame</name>
    <message>
        <source>NCMS chronic-disease applications</source>
        <translation>新农合门诊慢性病认定申请</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Log out and let another user log in (Ctrl+L)</source>
        <translation>退出登录，让其他用户登录（Ctrl+L）</translation>
    </message>
    <message>
        <source>User: {0}</source>
        <translation>用户：{0}</translation>
    </message>
    <message>
        <source>User: {0} ({1})</source>
        <translation>用户：{0}（{1}）</translation>
    </message>
    <message>
        <source>County: {0} {1}</source>
        <translation>合管中心：{0} {1}</translation>
    </message>
    <message>
        <source>Station: {0} {1}</source>
        <translation>合管站：{0} {1}</translation>
    </message>
</context>
<context>
    <name>WindowLock</name>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
</context>
<context>
    <name>WithdrawBox</name>
    <message>
        <source>Withdraw</source>
        <translation>撤回申请</translation>
    </message>
    <message>
        <source>Why the applicant withdraws</source>
        <translation>申请人撤回的原因</translation>
    </message>
    <message>
        <source>Withdraw…</source>
        <translation>撤回…</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Already withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <source>Only the station head withdraws an application that is {0}</source>
        <translation>“{0}”的申请只能由站长撤回</translation>
    </message>
    <message>
        <source>An application that is {0} cannot be withdrawn</source>
        <translation>“{0}”的申请不能撤回</translation>
    </message>
    <message>
        <source>Withdraw application</source>
        <translation>撤回申请</translation>
    </message>
    <message>
        <source>Withdraw {0}? It cannot be undone: the applicant has to apply again.</source>
        <translation>确定撤回申请 {0}？撤回后不能恢复，申请人须重新申请。</translation>
    </message>
    <message>
        <source>{0} is withdrawn</source>
        <translation>{0} 已撤回</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Not done</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>The database cannot be reached (the network or the database server). Nothing was recorded; try again in a moment.</source>
        <translation>无法连接数据库（网络或数据库服务器故障）。没有记录任何内容，请稍后再试。</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <source>Something went wrong. Your saved work is safe. Details for the IT person: {0}</source>
        <translation>程序出现问题。已保存的工作不会丢失。供技术人员查看的详细信息：{0}</translation>
    </message>
    <message>
        <source>Preparing the training data…</source>
        <translation>正在准备培训数据…</translation>
    </message>
    <message>
        <source>Already open</source>
        <translation>程序已打开</translation>
    </message>
    <message>
        <source>The program is already open on this data ({0}): look for its window.</source>
        <translation>程序已在使用这份数据（{0}）：请找到已打开的窗口。</translation>
    </message>
    <message>
        <source>Cannot start</source>
        <translation>无法启动</translation>
    </message>
</context>
</TS>
