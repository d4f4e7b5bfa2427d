<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
        <source>NCMS chronic-disease applications</source>
        <translation>新农合门诊慢性病认定申请</translation>
    </message>
    <message>
        <source>TRAINING MODE: practice data, nothing here is real or sent to the county</source>
        <translation>培训模式：练习数据，均非真实，也不会上报县合管中心</translation>
    </message>
    <message>
        <source>This page is part of the work in progress on the station window.</source>
        <translation>此页面正在建设中。</translation>
    </message>
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
        <source>User: {0} ({1})</source>
        <translation>用户：{0}（{1}）</translation>
    </message>
    <message>
        <source>Station: {0} {1}</source>
        <translation>合管站：{0} {1}</translation>
    </message>
    <message>
        <source>To sync: {0}</source>
        <translation>待上报：{0}</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>Last sync: {0}</source>
        <translation>上次同步：{0}</translation>
    </message>
</context>
<context>
    <name>app</name>
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
        <source>Cannot start</source>
        <translation>无法启动</translation>
    </message>
</context>
</TS>
