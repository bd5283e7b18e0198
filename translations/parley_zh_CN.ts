<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountMenu</name>
    <message>
        <source>Signed in as %1 (@%2)</source>
        <translation>已登录为 %1（@%2）</translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation>账户(&amp;A)</translation>
    </message>
    <message>
        <source>Signed-in &amp;Devices…</source>
        <translation>已登录的设备(&amp;D)…</translation>
    </message>
    <message>
        <source>Sign &amp;Out…</source>
        <translation>退出登录(&amp;O)…</translation>
    </message>
    <message>
        <source>Send &amp;Read Receipts</source>
        <translation>发送已读回执(&amp;R)</translation>
    </message>
    <message>
        <source>Others see when you have read their messages; off, you see nobody&apos;s either</source>
        <translation>别人能看到你何时读过他们的消息；关闭后你也看不到任何人的</translation>
    </message>
</context>
<context>
    <name>AppSession</name>
    <message>
        <source>Not signed in to %1.</source>
        <translation>未登录 %1。</translation>
    </message>
    <message>
        <source>Could not make an invite: %1</source>
        <translation>无法生成邀请：%1</translation>
    </message>
    <message>
        <source>Invite someone</source>
        <translation>邀请他人</translation>
    </message>
    <message>
        <source>This link lets one person create an account in this chat within 7 days. It is copied; send it to them, and they open it with Parley:

%1</source>
        <translation>此链接可让一个人在 7 天内在此聊天中创建账户。链接已复制；请发送给对方，对方用 Parley 打开即可：

%1</translation>
    </message>
    <message>
        <source>Share this chat on your network?</source>
        <translation>在网络上共享这个聊天吗？</translation>
    </message>
    <message>
        <source>Your chat can only be reached from this computer now. To invite someone, Parley shares it on your network: people on it can then reach this computer on port %1 (they still need an invite to create an account).

Share it now?</source>
        <translation>目前只有这台电脑能访问你的聊天。要邀请别人，Parley 需要在你的网络上共享它：网络上的人就能通过端口 %1 访问这台电脑（他们仍需要邀请才能创建账户）。

现在共享吗？</translation>
    </message>
    <message>
        <source>Could not share the chat on the network: %1</source>
        <translation>无法在网络上共享聊天：%1</translation>
    </message>
    <message>
        <source>Parley&apos;s message history for this server was damaged. It was kept as %1 and a new one was started.</source>
        <translation>这个服务器的 Parley 消息记录已损坏。它已保留为 %1，并新建了一份记录。</translation>
    </message>
    <message>
        <source>Parley cannot save messages (%1). Messages are kept only until Parley quits; what you write is sent, but not kept if Parley stops first.</source>
        <translation>Parley 无法保存消息（%1）。消息只保留到 Parley 退出为止；你写的消息会发送出去，但如果 Parley 先停止，就不会保留。</translation>
    </message>
    <message>
        <source>Parley can save messages again; fetching what it could not save.</source>
        <translation>Parley 又能保存消息了；正在取回之前未能保存的消息。</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <source>Parley cannot save messages: %1. They are kept in memory; once saving works again, Parley fetches what it could not save.</source>
        <translation>Parley 无法保存消息：%1。消息暂存在内存中；一旦能够保存，Parley 会取回之前未能保存的消息。</translation>
    </message>
    <message>
        <source>The certificate of %1 has changed: Parley did not connect.</source>
        <translation>%1 的证书已改变：Parley 没有连接。</translation>
    </message>
</context>
<context>
    <name>AttachButton</name>
    <message>
        <source>Send Files…</source>
        <translation>发送文件…</translation>
    </message>
    <message>
        <source>Send files (Ctrl+Shift+U), or drop them here, or paste an image</source>
        <translation>发送文件（Ctrl+Shift+U），也可以拖放到这里或粘贴图片</translation>
    </message>
    <message>
        <source>Send files</source>
        <translation>发送文件</translation>
    </message>
</context>
<context>
    <name>CaFile</name>
    <message>
        <source>cannot read the CA file %1: %2</source>
        <translation>无法读取 CA 文件 %1：%2</translation>
    </message>
    <message>
        <source>the CA file %1 is larger than %2 bytes</source>
        <translation>CA 文件 %1 大于 %2 字节</translation>
    </message>
    <message>
        <source>the CA file %1 holds no certificate (PEM or DER)</source>
        <translation>CA 文件 %1 中没有证书（PEM 或 DER）</translation>
    </message>
</context>
<context>
    <name>CertificateDialog</name>
    <message>
        <source>Parley cannot confirm that this is really %1</source>
        <translation>Parley 无法确认这真的是 %1</translation>
    </message>
    <message>
        <source>No certificate authority that this computer trusts vouches for the server&apos;s certificate: %1.

A server on your own network often has a certificate like this. Before you trust it, ask the server&apos;s operator for its SHA-256 fingerprint and compare it with the one below. Once trusted, Parley connects to %2 only while it presents this very certificate.</source>
        <translation>这台电脑信任的证书颁发机构都不认可该服务器的证书：%1。

你自己网络中的服务器常常使用这样的证书。信任它之前，请向服务器管理员索取它的 SHA-256 指纹，并与下面显示的指纹比对。信任之后，只有当 %2 出示的正是这张证书时，Parley 才会连接。</translation>
    </message>
    <message>
        <source>Trust This Certificate for This Server</source>
        <translation>为此服务器信任此证书</translation>
    </message>
    <message>
        <source>Warning: Certificate Changed</source>
        <translation>警告：证书已改变</translation>
    </message>
    <message>
        <source>The certificate of %1 has changed!</source>
        <translation>%1 的证书已改变！</translation>
    </message>
    <message>
        <source>You trusted another certificate for this server before. Someone may be intercepting the connection to read your messages, or the server&apos;s operator replaced the certificate. Parley did not connect.

Ask the operator, by some other way than this chat, which fingerprint the server has now. Trust the new certificate only if it is the one shown as “Presented now”.</source>
        <translation>你之前为此服务器信任的是另一张证书。可能有人正在拦截连接以读取你的消息，也可能是服务器管理员更换了证书。Parley 没有连接。

请通过这个聊天以外的途径询问管理员，服务器现在的指纹是什么。只有当它与“现在出示”的指纹一致时，才信任新证书。</translation>
    </message>
    <message>
        <source>Trusted before (SHA-256):</source>
        <translation>之前信任（SHA-256）：</translation>
    </message>
    <message>
        <source>Presented now (SHA-256):</source>
        <translation>现在出示（SHA-256）：</translation>
    </message>
    <message>
        <source>I have checked the new fingerprint with the server&apos;s operator</source>
        <translation>我已与服务器管理员核对过新指纹</translation>
    </message>
    <message>
        <source>Trust the New Certificate</source>
        <translation>信任新证书</translation>
    </message>
    <message>
        <source>Untrusted Certificate – %1</source>
        <translation>不受信任的证书 – %1</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>断开连接</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Issued to:</source>
        <translation>颁发给：</translation>
    </message>
    <message>
        <source>Issued by:</source>
        <translation>颁发者：</translation>
    </message>
    <message>
        <source>%1 (itself: self-signed)</source>
        <translation>%1（自己：自签名）</translation>
    </message>
    <message>
        <source>Valid from:</source>
        <translation>有效期自：</translation>
    </message>
    <message>
        <source>Valid until:</source>
        <translation>有效期至：</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint:</source>
        <translation>SHA-256 指纹：</translation>
    </message>
</context>
<context>
    <name>ChatClient</name>
    <message>
        <source>The message is too long (%1 characters; at most %2).</source>
        <translation>消息太长（%1 个字符；最多 %2 个）。</translation>
    </message>
    <message>
        <source>Could not join #%1: %2</source>
        <translation>无法加入 #%1：%2</translation>
    </message>
    <message>
        <source>The server refused a message: %1</source>
        <translation>服务器拒绝了一条消息：%1</translation>
    </message>
    <message>
        <source>The message could not be saved, so it was not sent.</source>
        <translation>消息无法保存，因此没有发送。</translation>
    </message>
    <message>
        <source>Could not open the conversation: %1</source>
        <translation>无法打开对话：%1</translation>
    </message>
    <message>
        <source>Could not open a conversation with %1: %2</source>
        <translation>无法打开与 %1 的对话：%2</translation>
    </message>
    <message>
        <source>The server refused the request: %1</source>
        <translation>服务器拒绝了请求：%1</translation>
    </message>
    <message>
        <source>Not connected to a server with accounts; try again once connected.</source>
        <translation>未连接到支持账户的服务器；连接后再试。</translation>
    </message>
    <message>
        <source>This server does not take files.</source>
        <translation>此服务器不接收文件。</translation>
    </message>
    <message>
        <source>The server did not answer joining #%1.</source>
        <translation>服务器没有回应加入 #%1 的请求。</translation>
    </message>
    <message>
        <source>A file could not be sent: %1</source>
        <translation>文件未能发送：%1</translation>
    </message>
</context>
<context>
    <name>ChatWindow</name>
    <message>
        <source>&amp;Parley</source>
        <translation>Parley(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Room</source>
        <translation>房间(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>查看(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Connect to Server…</source>
        <translation>连接到服务器(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Join or Create Room…</source>
        <translation>加入或创建房间(&amp;J)…</translation>
    </message>
    <message>
        <source>&amp;Switch Room…</source>
        <translation>切换房间(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Next Room</source>
        <translation>下一个房间(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous Room</source>
        <translation>上一个房间(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Mute Room</source>
        <translation>静音房间(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Leave Room</source>
        <translation>离开房间(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Members</source>
        <translation>成员(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>Show Parley</source>
        <translation>显示 Parley</translation>
    </message>
    <message>
        <source>Parley</source>
        <translation>Parley</translation>
    </message>
    <message>
        <source>(%1) %2</source>
        <translation>（%1）%2</translation>
    </message>
    <message>
        <source>“%1” is not a room name.</source>
        <translation>“%1”不是有效的房间名。</translation>
    </message>
    <message>
        <source>Join or Create Room</source>
        <translation>加入或创建房间</translation>
    </message>
    <message>
        <source>Room name (a room that does not exist yet is created):</source>
        <translation>房间名（不存在的房间会被创建）：</translation>
    </message>
    <message>
        <source>Join</source>
        <translation>加入</translation>
    </message>
    <message>
        <source>&amp;Invite Someone…</source>
        <translation>邀请他人(&amp;I)…</translation>
    </message>
    <message>
        <source>Parley — %1</source>
        <translation>Parley — %1</translation>
    </message>
    <message>
        <source>%1 is muted: no notifications, not counted in the tray.</source>
        <translation>%1 已静音：不通知，也不计入托盘。</translation>
    </message>
    <message>
        <source>%1 is no longer muted.</source>
        <translation>%1 已取消静音。</translation>
    </message>
    <message>
        <source>&amp;Trusted Certificates…</source>
        <translation>受信任的证书(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Find in Room…</source>
        <translation>在房间中查找(&amp;F)…</translation>
    </message>
    <message>
        <source>Find in &amp;All Rooms…</source>
        <translation>在所有房间中查找(&amp;A)…</translation>
    </message>
</context>
<context>
    <name>CliFiles</name>
    <message>
        <source>this server takes no files</source>
        <translation>此服务器不接收文件</translation>
    </message>
    <message>
        <source>%1: %2% of %3</source>
        <translation>%1：已完成 %2%，共 %3</translation>
    </message>
    <message>
        <source>%1 sent to #%2 as message %3</source>
        <translation>%1 已作为第 %3 条消息发送到 #%2</translation>
    </message>
    <message>
        <source>%1 was not sent</source>
        <translation>%1 未发送</translation>
    </message>
    <message>
        <source>%1% of %2</source>
        <translation>已完成 %1%，共 %2</translation>
    </message>
    <message>
        <source>written to %1, SHA-256 verified</source>
        <translation>已写入 %1，SHA-256 校验通过</translation>
    </message>
    <message>
        <source>the file could not be fetched: %1</source>
        <translation>无法获取文件：%1</translation>
    </message>
</context>
<context>
    <name>CliOptions</name>
    <message>
        <source>Show this help and exit.</source>
        <translation>显示此帮助并退出。</translation>
    </message>
    <message>
        <source>Show the version and exit.</source>
        <translation>显示版本并退出。</translation>
    </message>
    <message>
        <source>The server: ws://host:port[/path] or wss://… (required).</source>
        <translation>服务器：ws://主机:端口[/路径] 或 wss://…（必填）。</translation>
    </message>
    <message>
        <source>url</source>
        <translation>网址</translation>
    </message>
    <message>
        <source>auto, parley, socketio or raw (default: auto).</source>
        <translation>auto、parley、socketio 或 raw（默认：auto）。</translation>
    </message>
    <message>
        <source>dialect</source>
        <translation>方言</translation>
    </message>
    <message>
        <source>Socket.IO server profile (default: remembered for the server, else classic).</source>
        <translation>Socket.IO 服务器配置（默认：该服务器记住的配置，否则为 classic）。</translation>
    </message>
    <message>
        <source>id</source>
        <translation>标识</translation>
    </message>
    <message>
        <source>A whole profile as JSON, e.g. {&quot;sendEvent&quot;:&quot;msg&quot;,&quot;receiveEvents&quot;:[&quot;msg&quot;]}.</source>
        <translation>以 JSON 给出的完整配置，例如 {&quot;sendEvent&quot;:&quot;msg&quot;,&quot;receiveEvents&quot;:[&quot;msg&quot;]}。</translation>
    </message>
    <message>
        <source>json</source>
        <translation>json</translation>
    </message>
    <message>
        <source>Socket.IO namespace to connect, e.g. /admin.</source>
        <translation>要连接的 Socket.IO 命名空间，例如 /admin。</translation>
    </message>
    <message>
        <source>nsp</source>
        <translation>命名空间</translation>
    </message>
    <message>
        <source>Socket.IO connect auth payload (a JSON object).</source>
        <translation>Socket.IO 连接认证数据（一个 JSON 对象）。</translation>
    </message>
    <message>
        <source>Room to join on parley-server (default: lobby).</source>
        <translation>在 parley-server 上加入的聊天室（默认：lobby）。</translation>
    </message>
    <message>
        <source>room</source>
        <translation>聊天室</translation>
    </message>
    <message>
        <source>Display name (default: your user name).</source>
        <translation>显示名称（默认：你的用户名）。</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Seconds send waits for delivery, and pipe for the outbox after the end of input (default: %1).</source>
        <translation>send 等待送达的秒数，以及 pipe 在输入结束后等待发件箱清空的秒数（默认：%1）。</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>秒数</translation>
    </message>
    <message>
        <source>Give up after this many failed connection attempts in a row (default: 0, never).</source>
        <translation>连续这么多次连接失败后放弃（默认：0，永不放弃）。</translation>
    </message>
    <message>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <source>With --dialect auto: probe the server again instead of using what was remembered.</source>
        <translation>配合 --dialect auto：重新探测服务器，而不使用已记住的结果。</translation>
    </message>
    <message>
        <source>Only errors on standard error, no progress notes.</source>
        <translation>标准错误输出只显示错误，不显示进度提示。</translation>
    </message>
    <message>
        <source>send: the message.</source>
        <translation>send：消息内容。</translation>
    </message>
    <message>
        <source>send needs the text of the message.</source>
        <translation>send 需要消息的文字。</translation>
    </message>
    <message>
        <source>%1 takes no text (got “%2”).</source>
        <translation>%1 不接受文字（收到“%2”）。</translation>
    </message>
    <message>
        <source>--server is required, e.g. --server ws://127.0.0.1:8787.</source>
        <translation>必须指定 --server，例如 --server ws://127.0.0.1:8787。</translation>
    </message>
    <message>
        <source>Unknown dialect “%1”: auto, parley, socketio or raw.</source>
        <translation>未知的协议“%1”：可选 auto、parley、socketio 或 raw。</translation>
    </message>
    <message>
        <source>“%1” is not a profile name.</source>
        <translation>“%1”不是配置名称。</translation>
    </message>
    <message>
        <source>--profile-json: %1</source>
        <translation>--profile-json：%1</translation>
    </message>
    <message>
        <source>--auth must be a JSON object: %1</source>
        <translation>--auth 必须是一个 JSON 对象：%1</translation>
    </message>
    <message>
        <source>--room must not be empty.</source>
        <translation>--room 不能为空。</translation>
    </message>
    <message>
        <source>--timeout must be a positive number of seconds.</source>
        <translation>--timeout 必须是正的秒数。</translation>
    </message>
    <message>
        <source>--max-attempts must be 0 (never give up) or more.</source>
        <translation>--max-attempts 必须大于或等于 0（0 表示永不放弃）。</translation>
    </message>
    <message>
        <source>larger than %1 bytes</source>
        <translation>大于 %1 字节</translation>
    </message>
    <message>
        <source>Sign in on parley-server as this account.</source>
        <translation>以此账户登录 parley-server。</translation>
    </message>
    <message>
        <source>Read the password from the first line of this file.</source>
        <translation>从此文件的第一行读取密码。</translation>
    </message>
    <message>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>register: the invite code.</source>
        <translation>register：邀请码。</translation>
    </message>
    <message>
        <source>code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>--password-file %1: %2</source>
        <translation>--password-file %1：%2</translation>
    </message>
    <message>
        <source>%1 needs --user.</source>
        <translation>%1 需要 --user。</translation>
    </message>
    <message>
        <source>%1 needs a password: --password-file FILE or the environment variable %2.</source>
        <translation>%1 需要密码：使用 --password-file 文件，或环境变量 %2。</translation>
    </message>
    <message>
        <source>%1 is for parley-server (--dialect parley).</source>
        <translation>%1 只用于 parley-server（--dialect parley）。</translation>
    </message>
    <message>
        <source>Also trust the certificate authorities in this file (PEM) for wss://.</source>
        <translation>对 wss:// 也信任此文件（PEM）中的证书颁发机构。</translation>
    </message>
    <message>
        <source>Trust and pin the server&apos;s certificate if its SHA-256 fingerprint is this.</source>
        <translation>如果服务器证书的 SHA-256 指纹是这个，就信任并固定它。</translation>
    </message>
    <message>
        <source>sha256</source>
        <translation>sha256</translation>
    </message>
    <message>
        <source>--ca-file: %1</source>
        <translation>--ca-file：%1</translation>
    </message>
    <message>
        <source>--trust-fingerprint wants a SHA-256 fingerprint: 64 hex digits, colons allowed.</source>
        <translation>--trust-fingerprint 需要一个 SHA-256 指纹：64 个十六进制数字，可以带冒号。</translation>
    </message>
    <message>
        <source>%1 needs the seq of a message (a positive number), got “%2”.</source>
        <translation>%1 需要一条消息的 seq（正整数），收到的是“%2”。</translation>
    </message>
    <message>
        <source>%1 needs a text after the seq.</source>
        <translation>%1 需要在 seq 之后给出文字。</translation>
    </message>
    <message>
        <source>%1 takes only the seq (got “%2”).</source>
        <translation>%1 只接受 seq（收到“%2”）。</translation>
    </message>
    <message>
        <source>search: print at most this many results (default: %1).</source>
        <translation>search：最多打印这么多条结果（默认：%1）。</translation>
    </message>
    <message>
        <source>search needs a word to look for (filters alone are not enough).</source>
        <translation>search 需要一个要查找的词（只有筛选条件不够）。</translation>
    </message>
    <message>
        <source>--limit must be a number from 1 to %1.</source>
        <translation>--limit 必须是 1 到 %1 之间的数字。</translation>
    </message>
    <message>
        <source>A headless Parley client for scripts, bots and benchmarks: the same connector, dialects
and reconnects as the Parley app.

Commands:
  send TEXT…   send one message (the words joined by spaces), wait until it is delivered
               (or written, where the server gives no receipts), then exit
  reply SEQ TEXT…   as send, as an answer to the message SEQ of --room (parley-server)
  edit SEQ TEXT…    change the text of one&apos;s own message SEQ
  delete SEQ        delete one&apos;s own message SEQ (any message, for an administrator)
  react SEQ EMOJI   put a reaction on message SEQ; unreact SEQ EMOJI takes it back
               (these wait and exit like send; listen prints changes with &quot;kind&quot;)
  listen       print each incoming message as one JSON object per line, until stopped
  pipe         send each line read from standard input as a message, print incoming ones
               as in listen; at the end of input wait for the outbox to drain, then exit
  register     sign up on parley-server as --user (with --invite CODE where needed),
               keep the session token, then exit
  login        sign in on parley-server as --user, keep the session token, then exit
  search QUERY…    print what parley-server finds in its history (newest first, at most
               --limit results, one JSON line each as in listen), then exit. QUERY: words
               that must all be in a message, and from:@user, in:#room,
               before:YYYY-MM-DD, after:YYYY-MM-DD. It searches the room it joins
               (in:#room, else --room if given) or, without either, #lobby and your
               direct messages
  send-file PATH…  send each file to --room (parley-server with files), with --caption
               TEXT if given; wait until every one is delivered, then exit (as send;
               --timeout counts from the last progress, so a large file may take longer)
  fetch-file ID OUT  download the file ID (as listen prints it) of a message in --room
               into OUT, verified against its SHA-256, then exit

Accounts (parley-server): with --user, the commands sign in with the token kept by
login/register (in the keychain, else a file only you can read), or with the password.
The password comes from --password-file or the environment variable PARLEY_PASSWORD,
never from the command line.

Dialects (--dialect):
  auto         remembered for this server, else probed: Socket.IO first (parley-server or
               a stock server), then plain WebSocket; what worked is remembered
  parley       parley-server: rooms, history, delivery receipts
  socketio     a stock Socket.IO 4 server, spoken to by a profile (--profile)
  raw          a plain WebSocket server: one text frame is one message

Profiles (--profile): %1, or one saved by the Parley app.

JSON lines: {&quot;room&quot;,&quot;sender&quot;,&quot;text&quot;,&quot;time&quot;[,&quot;seq&quot;,&quot;clientId&quot;,&quot;senderId&quot;,
&quot;senderUsername&quot;,&quot;raw&quot;,&quot;file&quot;:{&quot;id&quot;,&quot;name&quot;,&quot;size&quot;,&quot;type&quot;,&quot;sha256&quot;}]}.

TLS (wss://): a server certificate that neither the system nor --ca-file vouches for is
refused, with its SHA-256 fingerprint. Check it with the server&apos;s operator, then trust it
with --trust-fingerprint: it is pinned for that host:port (shared with the Parley app),
and a server that later presents another certificate is refused as a possible attack.

Exit codes: 0 done, 1 a message or file failed or timed out (search: refused, timed out, or
the server has no search), 2 bad command line,
3 permanent connection error (bad URL, refused, TLS, --max-attempts used up).</source>
        <translation>无界面的 Parley 客户端，用于脚本、机器人和基准测试：与 Parley 应用使用相同的连接器、方言
和重连机制。

命令：
  send 文字…   发送一条消息（各个词用空格连接），等待送达（服务器不提供回执时等待
               写出），然后退出
  reply SEQ 文字…   与 send 相同，作为对 --room 中第 SEQ 条消息的回复（parley-server）
  edit SEQ 文字…    修改自己的第 SEQ 条消息的文字
  delete SEQ        删除自己的第 SEQ 条消息（管理员可删除任何消息）
  react SEQ 表情    给第 SEQ 条消息加上表情回应；unreact SEQ 表情 撤回它
               （这些命令像 send 一样等待并退出；listen 打印的更改带有 &quot;kind&quot;）
  listen       把每条收到的消息作为一行 JSON 对象打印出来，直到被停止
  pipe         把从标准输入读到的每一行作为一条消息发送，并像 listen 一样打印收到的
               消息；输入结束后等待发件箱清空，然后退出
  register     以 --user 在 parley-server 上注册（需要时用 --invite 邀请码），
               保存会话令牌，然后退出
  login        以 --user 登录 parley-server，保存会话令牌，然后退出
  search 查询…    打印 parley-server 在其历史记录中找到的内容（最新的在前，最多
               --limit 条结果，每条一行 JSON，与 listen 相同），然后退出。查询：消息中
               必须全部包含的词，以及 from:@用户、in:#房间、
               before:YYYY-MM-DD、after:YYYY-MM-DD。它搜索它加入的房间
               （in:#房间，否则为给定的 --room），两者都没有时搜索 #lobby 和你的
               私信
  send-file 路径…  把每个文件发送到 --room（支持文件的 parley-server），给出 --caption
               文字时附上说明；等到每个文件都送达后退出（与 send 相同；--timeout 从最后
               一次进展算起，所以大文件可以花更长时间）
  fetch-file 标识 输出  把 --room 中某条消息的文件（标识与 listen 打印的一致）下载到
               输出文件，按 SHA-256 校验，然后退出

账户（parley-server）：使用 --user 时，各命令用 login/register 保存的令牌登录（保存在
钥匙串中，否则保存在只有你能读取的文件中），或者用密码登录。
密码来自 --password-file 或环境变量 PARLEY_PASSWORD，
绝不来自命令行。

方言（--dialect）：
  auto         使用为该服务器记住的方言，否则进行探测：先试 Socket.IO（parley-server
               或普通服务器），再试普通 WebSocket；可用的结果会被记住
  parley       parley-server：聊天室、历史记录、送达回执
  socketio     普通的 Socket.IO 4 服务器，按配置（--profile）与之通信
  raw          普通 WebSocket 服务器：一个文本帧就是一条消息

配置（--profile）：%1，或 Parley 应用保存的配置。

JSON 行：{&quot;room&quot;,&quot;sender&quot;,&quot;text&quot;,&quot;time&quot;[,&quot;seq&quot;,&quot;clientId&quot;,&quot;senderId&quot;,
&quot;senderUsername&quot;,&quot;raw&quot;,&quot;file&quot;:{&quot;id&quot;,&quot;name&quot;,&quot;size&quot;,&quot;type&quot;,&quot;sha256&quot;}]}。

TLS（wss://）：系统和 --ca-file 都不认可的服务器证书会被拒绝，并显示其 SHA-256 指纹。
先与服务器管理员核对指纹，再用 --trust-fingerprint 信任它：它会被固定到该 host:port
（与 Parley 应用共用），之后服务器若出示别的证书，会被当作可能的攻击而拒绝。

退出码：0 完成，1 有消息或文件失败或超时（search：被拒绝、超时，或
服务器不支持搜索），2 命令行错误，
3 永久性连接错误（地址错误、被拒绝、TLS、--max-attempts 用尽）。</translation>
    </message>
    <message>
        <source>send-file: a caption for the file(s).</source>
        <translation>send-file：文件的说明文字。</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文字</translation>
    </message>
    <message>
        <source>send, reply, edit, delete, react, unreact, listen, pipe, register, login, search, send-file or fetch-file.</source>
        <translation>send、reply、edit、delete、react、unreact、listen、pipe、register、login、search、send-file 或 fetch-file。</translation>
    </message>
    <message>
        <source>No command given: send, reply, edit, delete, react, unreact, listen, pipe, register, login, search, send-file or fetch-file (see --help).</source>
        <translation>没有给出命令：send、reply、edit、delete、react、unreact、listen、pipe、register、login、search、send-file 或 fetch-file（见 --help）。</translation>
    </message>
    <message>
        <source>send-file needs the path of at least one file.</source>
        <translation>send-file 至少需要一个文件的路径。</translation>
    </message>
    <message>
        <source>fetch-file needs the file&apos;s id (64 hexadecimal digits, as listen prints it) and where to write it.</source>
        <translation>fetch-file 需要文件的标识（64 个十六进制数字，与 listen 打印的一致）以及写入位置。</translation>
    </message>
    <message>
        <source>Unknown command “%1”: send, reply, edit, delete, react, unreact, listen, pipe, register, login, search, send-file or fetch-file (see --help).</source>
        <translation>未知命令“%1”：可用 send、reply、edit、delete、react、unreact、listen、pipe、register、login、search、send-file 或 fetch-file（见 --help）。</translation>
    </message>
    <message>
        <source>register: the name others see (default: --name, else --user).</source>
        <translation>register：其他人看到的名字（默认：--name，否则为 --user）。</translation>
    </message>
</context>
<context>
    <name>CliSearch</name>
    <message>
        <source>the search could not be sent (not connected)</source>
        <translation>无法发送搜索（未连接）</translation>
    </message>
    <message>
        <source>this server has no search</source>
        <translation>此服务器不支持搜索</translation>
    </message>
    <message>
        <source>search failed: %1</source>
        <translation>搜索失败：%1</translation>
    </message>
</context>
<context>
    <name>CliSession</name>
    <message>
        <source>error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <source>There is no profile “%1” (known: %2).</source>
        <translation>没有名为“%1”的配置（已知：%2）。</translation>
    </message>
    <message>
        <source>reconnecting in %1 ms (attempt %2)</source>
        <translation>%1 毫秒后重新连接（第 %2 次尝试）</translation>
    </message>
    <message>
        <source>joined #%1</source>
        <translation>已加入 #%1</translation>
    </message>
    <message>
        <source>connected to %1 (%2)</source>
        <translation>已连接到 %1（%2）</translation>
    </message>
    <message>
        <source>a message could not be delivered</source>
        <translation>有一条消息无法送达</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) not delivered within %1 s</source>
        <translation>
            <numerusform>%n 条消息未在 %1 秒内送达</numerusform>
        </translation>
    </message>
    <message>
        <source>no keychain (%1): the session token is kept in a file only you can read</source>
        <translation>没有钥匙串（%1）：会话令牌保存在只有你能读取的文件中</translation>
    </message>
    <message>
        <source>parley-cli on %1</source>
        <translation>%1 上的 parley-cli</translation>
    </message>
    <message>
        <source>no saved sign-in for %1 on %2: run parley-cli login (or give a password)</source>
        <translation>%2 上没有 %1 已保存的登录：请运行 parley-cli login（或提供密码）</translation>
    </message>
    <message>
        <source>signed in as %1 (@%2)</source>
        <translation>已登录为 %1（@%2）</translation>
    </message>
    <message numerus="yes">
        <source>try again in %n second(s)</source>
        <translation>
            <numerusform>%n 秒后再试</numerusform>
        </translation>
    </message>
    <message>
        <source>the saved sign-in for %1 is no longer valid: run parley-cli login</source>
        <translation>%1 已保存的登录已失效：请运行 parley-cli login</translation>
    </message>
    <message>
        <source>session token kept for %1</source>
        <translation>已为 %1 保存会话令牌</translation>
    </message>
    <message>
        <source>the certificate of %1 has the fingerprint given: trusting it for this server from now on</source>
        <translation>%1 的证书与给出的指纹一致：从现在起为此服务器信任它</translation>
    </message>
    <message>
        <source>the certificate of %1 is not trusted: %2
  subject: %3
  issued by: %4
  valid: %5 to %6
  SHA-256 fingerprint: %7
Check the fingerprint with the server&apos;s operator, then run again with
  --trust-fingerprint %7
or give the certificate authority that signed it with --ca-file FILE.</source>
        <translation>%1 的证书不受信任：%2
  主体：%3
  颁发者：%4
  有效期：%5 至 %6
  SHA-256 指纹：%7
请与服务器管理员核对指纹，然后加上
  --trust-fingerprint %7
再运行一次，或者用 --ca-file 文件 给出签发它的证书颁发机构。</translation>
    </message>
    <message>
        <source>the certificate of %1 changed to the fingerprint given: replacing the pinned one (%2)</source>
        <translation>%1 的证书已改为给出的指纹：替换原先固定的证书（%2）</translation>
    </message>
    <message>
        <source>THE CERTIFICATE OF %1 HAS CHANGED. Someone may be intercepting the connection.
  pinned (trusted before): %2
  presented now:           %3
Parley will not connect. Only if the server&apos;s operator confirms the new certificate,
run again with --trust-fingerprint %3</source>
        <translation>%1 的证书已改变！可能有人正在拦截连接。
  已固定（之前信任）：%2
  现在出示：          %3
Parley 不会连接。只有在服务器管理员确认了新证书之后，
才加上 --trust-fingerprint %3 再运行一次</translation>
    </message>
    <message>
        <source>this server has no replies, edits, deletes or reactions</source>
        <translation>此服务器不支持回复、编辑、删除或表情回应</translation>
    </message>
    <message>
        <source>the search was not answered within %1 s</source>
        <translation>搜索在 %1 秒内没有得到应答</translation>
    </message>
    <message>
        <source>nothing moved for %1 s</source>
        <translation>%1 秒内没有任何进展</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>Parley, a desktop chat client. Without --server it hosts a chat server on this computer and joins it, so you can start chatting at once.</source>
        <translation>Parley，一款桌面聊天客户端。不带 --server 启动时，它会在这台电脑上托管一个聊天服务器并加入其中，让你立即开始聊天。</translation>
    </message>
    <message>
        <source>Join the chat server at &lt;url&gt; (ws://host:port or wss://host:port) instead of hosting one.</source>
        <translation>加入位于 &lt;url&gt;（ws://主机:端口 或 wss://主机:端口）的聊天服务器，而不是自己托管。</translation>
    </message>
    <message>
        <source>Host the built-in server on &lt;host:port&gt; (default 127.0.0.1:%1; use 0.0.0.0:%1 to share it on your network).</source>
        <translation>在 &lt;host:port&gt; 上托管内置服务器（默认 127.0.0.1:%1；使用 0.0.0.0:%1 可在网络中共享）。</translation>
    </message>
    <message>
        <source>Your display name (default: your user name).</source>
        <translation>你的显示名称（默认：你的系统用户名）。</translation>
    </message>
    <message>
        <source>User interface language, e.g. zh_CN or en (default: the system&apos;s).</source>
        <translation>界面语言，例如 zh_CN 或 en（默认：跟随系统）。</translation>
    </message>
    <message>
        <source>unexpected argument “%1” (see --help)</source>
        <translation>无法识别的参数“%1”（参见 --help）</translation>
    </message>
    <message>
        <source>--server wants a ws:// or wss:// address, not “%1”</source>
        <translation>--server 需要 ws:// 或 wss:// 地址，而不是“%1”</translation>
    </message>
    <message>
        <source>--listen and --server do not go together</source>
        <translation>--listen 和 --server 不能同时使用</translation>
    </message>
    <message>
        <source>--listen wants HOST:PORT, not “%1”</source>
        <translation>--listen 需要 HOST:PORT（主机:端口）格式，而不是“%1”</translation>
    </message>
    <message>
        <source>The room to show, joined if need be (default: the rooms joined last time, else lobby).</source>
        <translation>要显示的房间，必要时加入（默认：上次加入的房间，否则为 lobby）。</translation>
    </message>
    <message>
        <source>How to talk to the --server: auto (remembered, else detected), parley, socketio or raw (default: auto).</source>
        <translation>与 --server 通信的方式：auto（使用记住的方式，否则自动检测）、parley、socketio 或 raw（默认：auto）。</translation>
    </message>
    <message>
        <source>Socket.IO server profile: classic, group, parley or one saved in “Connect to server…” (default: remembered for the server, else classic).</source>
        <translation>Socket.IO 服务器配置：classic、group、parley，或在“连接到服务器…”中保存的配置（默认：该服务器记住的配置，否则为 classic）。</translation>
    </message>
    <message>
        <source>--dialect wants auto, parley, socketio or raw, not “%1”</source>
        <translation>--dialect 只能是 auto、parley、socketio 或 raw，而不是“%1”</translation>
    </message>
    <message>
        <source>--profile wants a profile name (letters, digits, &apos;-&apos; and &apos;_&apos;), not “%1”</source>
        <translation>--profile 需要一个配置名（字母、数字、“-”和“_”），而不是“%1”</translation>
    </message>
    <message>
        <source>--dialect %1 needs --server (the server Parley hosts speaks parley)</source>
        <translation>--dialect %1 需要同时指定 --server（Parley 自己托管的服务器使用 parley 协议）</translation>
    </message>
    <message>
        <source>--profile needs --server (the server Parley hosts speaks parley)</source>
        <translation>--profile 需要同时指定 --server（Parley 自己托管的服务器使用 parley 协议）</translation>
    </message>
    <message>
        <source>--profile is for Socket.IO servers; it does not go with --dialect %1</source>
        <translation>--profile 用于 Socket.IO 服务器，不能与 --dialect %1 同时使用</translation>
    </message>
    <message>
        <source>an invite link and --server do not go together</source>
        <translation>邀请链接和 --server 不能同时使用</translation>
    </message>
    <message>
        <source>Also trust the certificate authorities in this file (PEM) for wss:// servers.</source>
        <translation>对 wss:// 服务器也信任此文件（PEM）中的证书颁发机构。</translation>
    </message>
    <message>
        <source>--ca-file: %1</source>
        <translation>--ca-file：%1</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Write a message…</source>
        <translation>输入消息…</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Press Enter to send, Shift+Enter for a new line</source>
        <translation>按 Enter 发送，按 Shift+Enter 换行</translation>
    </message>
    <message>
        <source>Enter sends, Shift+Enter starts a new line</source>
        <translation>Enter 发送，Shift+Enter 换行</translation>
    </message>
    <message>
        <source>Enter sends, Shift+Enter starts a new line. This server has no replies, edits, deletes or reactions.</source>
        <translation>Enter 发送，Shift+Enter 换行。此服务器不支持回复、编辑、删除或表情回应。</translation>
    </message>
</context>
<context>
    <name>ComposerContext</name>
    <message>
        <source>Stop editing (Esc)</source>
        <translation>停止编辑（Esc）</translation>
    </message>
    <message>
        <source>Stop replying (Esc)</source>
        <translation>停止回复（Esc）</translation>
    </message>
    <message>
        <source>Replying to %1</source>
        <translation>回复 %1</translation>
    </message>
    <message>
        <source>Editing your message (Esc cancels)</source>
        <translation>正在编辑你的消息（Esc 取消）</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <source>Connect to server</source>
        <translation>连接到服务器</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>服务器(&amp;S)：</translation>
    </message>
    <message>
        <source>Your &amp;name:</source>
        <translation>你的名字(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Kind of server:</source>
        <translation>服务器类型(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;Profile:</source>
        <translation>配置(&amp;P)：</translation>
    </message>
    <message>
        <source>Names&amp;pace:</source>
        <translation>命名空间(&amp;A)：</translation>
    </message>
    <message>
        <source>Send &amp;event:</source>
        <translation>发送事件(&amp;E)：</translation>
    </message>
    <message>
        <source>Pa&amp;yload:</source>
        <translation>载荷(&amp;Y)：</translation>
    </message>
    <message>
        <source>&amp;Text field:</source>
        <translation>文本字段(&amp;T)：</translation>
    </message>
    <message>
        <source>Na&amp;me field:</source>
        <translation>名字字段(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Incoming events:</source>
        <translation>接收事件(&amp;I)：</translation>
    </message>
    <message>
        <source>Incoming te&amp;xt field:</source>
        <translation>接收的文本字段(&amp;X)：</translation>
    </message>
    <message>
        <source>Incoming sen&amp;der field:</source>
        <translation>接收的发送者字段(&amp;D)：</translation>
    </message>
    <message>
        <source>ws://host:port</source>
        <translation>ws://主机:端口</translation>
    </message>
    <message>
        <source>A ws:// or wss:// address; “host:port” means ws://host:port.</source>
        <translation>ws:// 或 wss:// 地址；“主机:端口”表示 ws://主机:端口。</translation>
    </message>
    <message>
        <source>Detect automatically</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <source>parley-server</source>
        <translation>parley-server</translation>
    </message>
    <message>
        <source>Socket.IO server (events by profile)</source>
        <translation>Socket.IO 服务器（按配置收发事件）</translation>
    </message>
    <message>
        <source>Plain WebSocket (one frame, one message)</source>
        <translation>普通 WebSocket（一帧即一条消息）</translation>
    </message>
    <message>
        <source>Socket.IO events</source>
        <translation>Socket.IO 事件</translation>
    </message>
    <message>
        <source>Plain text</source>
        <translation>纯文本</translation>
    </message>
    <message>
        <source>Object with fields</source>
        <translation>带字段的对象</translation>
    </message>
    <message>
        <source>chat message, message</source>
        <translation>chat message, message</translation>
    </message>
    <message>
        <source>Events shown as messages, separated by commas.</source>
        <translation>作为消息显示的事件，用逗号分隔。</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>The server sends my messages back to me</source>
        <translation>服务器会把我的消息发回给我</translation>
    </message>
    <message>
        <source>Ask the server to acknowledge each message</source>
        <translation>要求服务器确认每条消息</translation>
    </message>
    <message>
        <source>Only for servers that call the acknowledgement callback; otherwise messages would end up as not delivered.</source>
        <translation>仅适用于会调用确认回调的服务器；否则消息最终会显示为未送达。</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Keep these fields as a new profile</source>
        <translation>把这些字段保存为新配置</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Forget your changes to this preset</source>
        <translation>放弃你对这个预设的修改</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Name the server, e.g. ws://chat.example.org:8787</source>
        <translation>请填写服务器，例如 ws://chat.example.org:8787</translation>
    </message>
    <message>
        <source>“%1” is not a ws:// or wss:// address.</source>
        <translation>“%1”不是 ws:// 或 wss:// 地址。</translation>
    </message>
    <message>
        <source>Say what name others will see.</source>
        <translation>请填写别人看到的名字。</translation>
    </message>
    <message>
        <source>New profile</source>
        <translation>新配置</translation>
    </message>
    <message>
        <source>Name of the new profile:</source>
        <translation>新配置的名称：</translation>
    </message>
    <message>
        <source>The server takes files (each sent whole, as a binary attachment)</source>
        <translation>服务器接收文件（每个文件整体作为二进制附件发送）</translation>
    </message>
    <message>
        <source>Files up to the profile&apos;s largest file size (1 MB unless changed: Socket.IO&apos;s own default limit); in an object payload under the file field, with fileName and fileType beside it.</source>
        <translation>文件大小不超过配置的最大文件大小（除非更改，否则为 1 MB，即 Socket.IO 自身的默认限制）；对象负载中放在文件字段下，旁边附带 fileName 和 fileType。</translation>
    </message>
</context>
<context>
    <name>ConnectionBanner</name>
    <message>
        <source>Connection problem</source>
        <translation>连接问题</translation>
    </message>
    <message>
        <source>Connection lost — reconnecting…</source>
        <translation>连接已断开，正在重新连接…</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>正在连接 %1…</translation>
    </message>
    <message numerus="yes">
        <source>Connection lost — reconnecting in %n s</source>
        <translation>
            <numerusform>连接已断开，%n 秒后重新连接</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cannot reach the server — retrying in %n s</source>
        <translation>
            <numerusform>无法连接服务器，%n 秒后重试</numerusform>
        </translation>
    </message>
    <message>
        <source>You are offline — Parley will reconnect when the network is back.</source>
        <translation>你已离线。网络恢复后，Parley 会自动重新连接。</translation>
    </message>
    <message>
        <source>Not connected: %1</source>
        <translation>未连接：%1</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>立即重试</translation>
    </message>
    <message>
        <source>Try to connect now instead of waiting</source>
        <translation>不再等待，立即尝试连接</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Connect to %1 again</source>
        <translation>重新连接到 %1</translation>
    </message>
</context>
<context>
    <name>ConnectionStatusBar</name>
    <message>
        <source>Connection state</source>
        <translation>连接状态</translation>
    </message>
    <message>
        <source>Round trip to the server</source>
        <translation>到服务器的往返时间</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message numerus="yes">
        <source>Reconnecting in %n s</source>
        <translation>
            <numerusform>%n 秒后重新连接</numerusform>
        </translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>正在重新连接…</translation>
    </message>
    <message>
        <source>Disconnecting…</source>
        <translation>正在断开连接…</translation>
    </message>
    <message>
        <source>&lt; 1 ms</source>
        <translation>&lt; 1 毫秒</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>No server</source>
        <translation>未连接服务器</translation>
    </message>
</context>
<context>
    <name>ConversationPane</name>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Send the message (Enter)</source>
        <translation>发送消息（Enter）</translation>
    </message>
    <message>
        <source>Send message</source>
        <translation>发送消息</translation>
    </message>
    <message>
        <source>Why you cannot write</source>
        <translation>无法输入的原因</translation>
    </message>
    <message>
        <source>You are not in any room. Join or create one to write (Ctrl+N).</source>
        <translation>你不在任何房间中。加入或创建一个房间即可输入（Ctrl+N）。</translation>
    </message>
    <message>
        <source>Too long to send: %1 characters, this server takes at most %2.</source>
        <translation>消息太长，无法发送：%1 个字符，此服务器最多接受 %2 个。</translation>
    </message>
    <message>
        <source>Delete Message</source>
        <translation>删除消息</translation>
    </message>
    <message>
        <source>Delete this message for everyone? Its text is removed from the server and from every device that has it.</source>
        <translation>为所有人删除这条消息吗？它的文字会从服务器和所有存有它的设备上移除。</translation>
    </message>
    <message numerus="yes">
        <source>%n new ↓</source>
        <translation>
            <numerusform>%n 条新消息 ↓</numerusform>
        </translation>
    </message>
    <message>
        <source>Jump to latest ↓</source>
        <translation>跳到最新 ↓</translation>
    </message>
    <message>
        <source>Go to the newest message</source>
        <translation>转到最新的消息</translation>
    </message>
</context>
<context>
    <name>DevicesDialog</name>
    <message>
        <source>Signed-in Devices</source>
        <translation>已登录的设备</translation>
    </message>
    <message>
        <source>Your account is signed in on these devices. Sign out a device you no longer use or do not recognise.</source>
        <translation>你的账户已在这些设备上登录。请退出不再使用或不认识的设备。</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>最近使用</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>登录时间</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>过期时间</translation>
    </message>
    <message>
        <source>Sign Out Device</source>
        <translation>退出该设备</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Not connected: the list shows once Parley is connected.</source>
        <translation>未连接：Parley 连接后会显示列表。</translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation>正在询问服务器…</translation>
    </message>
    <message>
        <source>Unnamed device</source>
        <translation>未命名设备</translation>
    </message>
    <message>
        <source>%1 (this device)</source>
        <translation>%1（本设备）</translation>
    </message>
    <message>
        <source>Signed in on this device only.</source>
        <translation>只在本设备上登录。</translation>
    </message>
    <message>
        <source>Devices signed in: %1</source>
        <translation>已登录的设备：%1</translation>
    </message>
    <message>
        <source>Signing “%1” out…</source>
        <translation>正在让“%1”退出登录…</translation>
    </message>
</context>
<context>
    <name>DialectDetector</name>
    <message numerus="yes">
        <source>the server sent %n byte(s) of binary data instead of an Engine.IO open packet</source>
        <translation>
            <numerusform>服务器发来了 %n 字节的二进制数据，而不是 Engine.IO 的 open 包</numerusform>
        </translation>
    </message>
    <message>
        <source>the server&apos;s first message is not an Engine.IO open packet</source>
        <translation>服务器发来的第一条消息不是 Engine.IO 的 open 包</translation>
    </message>
    <message>
        <source>a Socket.IO server that refused an anonymous connect</source>
        <translation>拒绝匿名连接的 Socket.IO 服务器</translation>
    </message>
    <message>
        <source>a Socket.IO server that answers parley-server&apos;s history request</source>
        <translation>能应答 parley-server 历史记录请求的 Socket.IO 服务器</translation>
    </message>
    <message>
        <source>a Socket.IO server with its own answer to a history request</source>
        <translation>以自己的方式应答历史记录请求的 Socket.IO 服务器</translation>
    </message>
    <message>
        <source>the server closed its /socket.io/ websocket without a word</source>
        <translation>服务器一言不发地关闭了 /socket.io/ 的 WebSocket</translation>
    </message>
    <message>
        <source>a Socket.IO server (it closed the probe)</source>
        <translation>Socket.IO 服务器（它关闭了探测连接）</translation>
    </message>
    <message>
        <source>no Engine.IO open packet within %1 ms</source>
        <translation>%1 毫秒内没有收到 Engine.IO 的 open 包</translation>
    </message>
    <message>
        <source>a Socket.IO server that does not answer parley-server&apos;s requests</source>
        <translation>不应答 parley-server 请求的 Socket.IO 服务器</translation>
    </message>
    <message>
        <source>the server refused a websocket at the Socket.IO endpoint (%1)</source>
        <translation>服务器拒绝了 Socket.IO 端点上的 WebSocket（%1）</translation>
    </message>
    <message>
        <source>the server&apos;s link failed before an Engine.IO open packet (%1)</source>
        <translation>在收到 Engine.IO 打开包之前，服务器的连接就失败了（%1）</translation>
    </message>
    <message>
        <source>a Socket.IO server (its link failed: %1)</source>
        <translation>一个 Socket.IO 服务器（连接失败：%1）</translation>
    </message>
    <message>
        <source>a parley-server that asks who you are</source>
        <translation>一个需要知道你是谁的 parley-server</translation>
    </message>
</context>
<context>
    <name>DialectResolver</name>
    <message>
        <source>There is no profile “%1” (known: %2).</source>
        <translation>没有名为“%1”的配置（已知：%2）。</translation>
    </message>
    <message>
        <source>Unknown dialect “%1”: auto, parley, socketio or raw.</source>
        <translation>未知的协议“%1”：可选 auto、parley、socketio 或 raw。</translation>
    </message>
    <message>
        <source>%1 speaks %2 (remembered)</source>
        <translation>%1 使用 %2（已记住）</translation>
    </message>
    <message>
        <source>finding out what %1 speaks…</source>
        <translation>正在探测 %1 使用的协议…</translation>
    </message>
    <message>
        <source>%1 speaks %2: %3</source>
        <translation>%1 使用 %2：%3</translation>
    </message>
    <message numerus="yes">
        <source>%1 (gave up after %n attempt(s))</source>
        <translation>
            <numerusform>%1（尝试 %n 次后放弃）</numerusform>
        </translation>
    </message>
    <message>
        <source>%1; trying again in %2 ms</source>
        <translation>%1；%2 毫秒后重试</translation>
    </message>
</context>
<context>
    <name>EmojiPicker</name>
    <message>
        <source>Search emoji</source>
        <translation>搜索表情</translation>
    </message>
    <message>
        <source>Emoji</source>
        <translation>表情</translation>
    </message>
    <message>
        <source>Recently used</source>
        <translation>最近使用</translation>
    </message>
    <message>
        <source>Smileys</source>
        <translation>笑脸</translation>
    </message>
    <message>
        <source>People &amp; gestures</source>
        <translation>人物与手势</translation>
    </message>
    <message>
        <source>Hearts &amp; symbols</source>
        <translation>爱心与符号</translation>
    </message>
    <message>
        <source>Animals &amp; nature</source>
        <translation>动物与自然</translation>
    </message>
    <message>
        <source>Food</source>
        <translation>食物</translation>
    </message>
    <message>
        <source>Activities &amp; travel</source>
        <translation>活动与旅行</translation>
    </message>
    <message>
        <source>Objects</source>
        <translation>物品</translation>
    </message>
    <message>
        <source>No emoji found</source>
        <translation>未找到表情</translation>
    </message>
</context>
<context>
    <name>FileActions</name>
    <message>
        <source>Pasted image %1.png</source>
        <translation>粘贴的图片 %1.png</translation>
    </message>
    <message>
        <source>The pasted image could not be saved, so it was not sent.</source>
        <translation>粘贴的图片无法保存，因此没有发送。</translation>
    </message>
    <message>
        <source>Send Files</source>
        <translation>发送文件</translation>
    </message>
    <message>
        <source>Files cannot be fetched from this server now.</source>
        <translation>现在无法从此服务器获取文件。</translation>
    </message>
    <message>
        <source>Save File</source>
        <translation>保存文件</translation>
    </message>
    <message>
        <source>%1 could not be saved there.</source>
        <translation>%1 无法保存到那里。</translation>
    </message>
    <message>
        <source>%1 could not be fetched: %2</source>
        <translation>无法获取 %1：%2</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
</context>
<context>
    <name>FileCard</name>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
</context>
<context>
    <name>FileTransfers</name>
    <message>
        <source>the file is no longer there</source>
        <translation>文件已不在原处</translation>
    </message>
    <message>
        <source>the file changed while it was being sent</source>
        <translation>文件在发送过程中被修改了</translation>
    </message>
    <message>
        <source>the file cannot be read</source>
        <translation>文件无法读取</translation>
    </message>
    <message>
        <source>the file that arrived is not the one that was sent</source>
        <translation>收到的文件与发送的文件不一致</translation>
    </message>
    <message>
        <source>the file cannot be written there</source>
        <translation>无法把文件写入那里</translation>
    </message>
    <message>
        <source>the file is larger than the server takes</source>
        <translation>文件超过了服务器允许的大小</translation>
    </message>
    <message>
        <source>your storage on the server is full</source>
        <translation>你在服务器上的存储空间已满</translation>
    </message>
    <message>
        <source>the file is not on the server (any more)</source>
        <translation>服务器上没有（或已不再有）这个文件</translation>
    </message>
    <message>
        <source>guests cannot send files</source>
        <translation>访客不能发送文件</translation>
    </message>
    <message>
        <source>%1 was not sent: it does not exist.</source>
        <translation>%1 未发送：文件不存在。</translation>
    </message>
    <message>
        <source>%1 was not sent: it is not a file.</source>
        <translation>%1 未发送：它不是文件。</translation>
    </message>
    <message>
        <source>%1 was not sent: it is empty.</source>
        <translation>%1 未发送：文件是空的。</translation>
    </message>
    <message>
        <source>%1 was not sent: it is %2, and the server takes at most %3.</source>
        <translation>%1 未发送：它有 %2，而服务器最多接受 %3。</translation>
    </message>
    <message>
        <source>%1 was not sent: it cannot be read.</source>
        <translation>%1 未发送：无法读取。</translation>
    </message>
    <message>
        <source>%1 was not sent: it changed while it was being read.</source>
        <translation>%1 未发送：读取过程中文件被修改了。</translation>
    </message>
    <message>
        <source>this server does not take files</source>
        <translation>此服务器不接收文件</translation>
    </message>
    <message>
        <source>the connection was replaced</source>
        <translation>连接已被替换</translation>
    </message>
</context>
<context>
    <name>ForeignMessage</name>
    <message numerus="yes">
        <source>image (%1), %n byte(s)</source>
        <translation>
            <numerusform>图片（%1），%n 字节</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>binary, %n byte(s)</source>
        <translation>
            <numerusform>二进制数据，%n 字节</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HostedServerBanner</name>
    <message>
        <source>Hosted server</source>
        <translation>本机托管的服务器</translation>
    </message>
    <message>
        <source>Replace HOST with this computer&apos;s address on your network and NAME with the name the other person wants to use.</source>
        <translation>请将 HOST 替换为这台电脑在网络中的地址，将 NAME 替换为对方想使用的名字。</translation>
    </message>
    <message>
        <source>Hosting on %1 — to let someone in, send them a link from Parley ▸ Invite Someone…</source>
        <translation>正在 %1 上主持聊天——要让别人加入，请通过“Parley ▸ 邀请他人…”发送链接给对方</translation>
    </message>
    <message>
        <source>Hosting a chat at %1 that only this computer can join. To let someone in, use Parley ▸ Invite Someone…: it offers to share the chat on your network (port %2).</source>
        <translation>正在 %1 托管一个只有这台电脑能加入的聊天。要让别人加入，请使用 Parley ▸ 邀请他人…：它会提议在你的网络上共享这个聊天（端口 %2）。</translation>
    </message>
</context>
<context>
    <name>IMConnector</name>
    <message numerus="yes">
        <source>The server did not answer within %n second(s).</source>
        <translation>
            <numerusform>服务器在 %n 秒内没有应答。</numerusform>
        </translation>
    </message>
    <message>
        <source>The connection stopped answering.</source>
        <translation>连接已无响应。</translation>
    </message>
    <message>
        <source>“%1” is not a websocket address (ws://host:port or wss://host:port).</source>
        <translation>“%1”不是 WebSocket 地址（应为 ws://主机:端口 或 wss://主机:端口）。</translation>
    </message>
    <message>
        <source>The server stopped reading (%1 bytes waiting).</source>
        <translation>服务器已停止接收数据（%1 字节等待发送）。</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not trusted: %1</source>
        <translation>服务器的证书不受信任：%1</translation>
    </message>
    <message>
        <source>The connection was closed (code %1).</source>
        <translation>连接已关闭（代码 %1）。</translation>
    </message>
    <message numerus="yes">
        <source>Gave up after %n attempt(s).</source>
        <translation>
            <numerusform>尝试 %n 次后已放弃。</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not connect to %1.</source>
        <translation>无法连接到 %1。</translation>
    </message>
    <message>
        <source>Could not connect to %1: %2</source>
        <translation>无法连接到 %1：%2</translation>
    </message>
    <message>
        <source>The server at %1 had a problem (HTTP %2); Parley will try again.</source>
        <translation>%1 的服务器出现问题（HTTP %2），Parley 会再次尝试。</translation>
    </message>
    <message>
        <source>The server at %1 refused the connection (HTTP %2). Check the address.</source>
        <translation>%1 的服务器拒绝了连接（HTTP %2）。请检查地址。</translation>
    </message>
    <message>
        <source>The server at %1 refused the websocket connection. Check the address.</source>
        <translation>%1 上的服务器拒绝了 WebSocket 连接。请检查地址。</translation>
    </message>
    <message>
        <source>The server at %1 presented a different certificate than the one you trusted for it. Someone may be intercepting the connection, so Parley will not connect.</source>
        <translation>%1 的服务器出示的证书与你为它信任的证书不同。可能有人正在拦截连接，因此 Parley 不会连接。</translation>
    </message>
</context>
<context>
    <name>ImagePreviews</name>
    <message>
        <source>too large for a preview: open it to see it</source>
        <translation>太大，无法预览：请打开查看</translation>
    </message>
</context>
<context>
    <name>ImageReading</name>
    <message>
        <source>not an image</source>
        <translation>不是图片</translation>
    </message>
    <message>
        <source>too large to show (%1 × %2 pixels)</source>
        <translation>太大，无法显示（%1 × %2 像素）</translation>
    </message>
</context>
<context>
    <name>ImageViewer</name>
    <message>
        <source>Save As…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>%1 cannot be shown: %2</source>
        <translation>无法显示 %1：%2</translation>
    </message>
</context>
<context>
    <name>InlineFile</name>
    <message>
        <source>the file is no longer there</source>
        <translation>文件已不在原处</translation>
    </message>
    <message>
        <source>the file changed after it was chosen</source>
        <translation>文件在选择之后发生了变化</translation>
    </message>
    <message>
        <source>this server takes files up to %1</source>
        <translation>此服务器接收的文件最大为 %1</translation>
    </message>
    <message>
        <source>the file cannot be read</source>
        <translation>无法读取该文件</translation>
    </message>
</context>
<context>
    <name>MemberDelegate</name>
    <message>
        <source>%1 (you)</source>
        <translation>%1（你）</translation>
    </message>
    <message>
        <source>This server does not report “away”: everyone in the room is shown as online.</source>
        <translation>此服务器不报告“离开”状态：房间里的每个人都显示为在线。</translation>
    </message>
    <message>
        <source>%1 — presence unknown while Parley is not connected</source>
        <translation>%1 — Parley 未连接，在线状态未知</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>User name: @%1</source>
        <translation>用户名：@%1</translation>
    </message>
</context>
<context>
    <name>MemberList</name>
    <message>
        <source>Members (%1)</source>
        <translation>成员（%1）</translation>
    </message>
    <message>
        <source>Members in the room: %1</source>
        <translation>房间成员：%1</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Message @%1…</source>
        <translation>给 @%1 发消息…</translation>
    </message>
</context>
<context>
    <name>MemberModel</name>
    <message>
        <source>%1 (you)</source>
        <translation>%1（你）</translation>
    </message>
    <message>
        <source>%1, away</source>
        <translation>%1，离开</translation>
    </message>
    <message>
        <source>%1, online</source>
        <translation>%1，在线</translation>
    </message>
    <message>
        <source>%1, offline</source>
        <translation>%1，离线</translation>
    </message>
    <message>
        <source>%1, presence unknown</source>
        <translation>%1，在线状态未知</translation>
    </message>
    <message>
        <source>%1 (@%2)</source>
        <translation>%1（@%2）</translation>
    </message>
</context>
<context>
    <name>MessageActions</name>
    <message>
        <source>Reply</source>
        <translation>回复</translation>
    </message>
    <message>
        <source>React</source>
        <translation>表情回应</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>More Reactions…</source>
        <translation>更多表情回应…</translation>
    </message>
    <message>
        <source>Open File</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <source>Save File As…</source>
        <translation>文件另存为…</translation>
    </message>
    <message>
        <source>Cancel Sending</source>
        <translation>取消发送</translation>
    </message>
</context>
<context>
    <name>MessageModel</name>
    <message>
        <source>Unknown sender</source>
        <translation>未知发送者</translation>
    </message>
    <message>
        <source>%1 at %2: %3</source>
        <translation>%1 于 %2：%3</translation>
    </message>
    <message>
        <source>waiting to be sent</source>
        <translation>等待发送</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>not delivered</source>
        <translation>未送达</translation>
    </message>
    <message>
        <source>%1 (@%2)</source>
        <translation>%1（@%2）</translation>
    </message>
    <message>
        <source>Message deleted</source>
        <translation>消息已删除</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>someone</source>
        <translation>某人</translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>等另外 %n 人</numerusform>
        </translation>
    </message>
    <message>
        <source>read</source>
        <translation>已读</translation>
    </message>
</context>
<context>
    <name>MessageTexts</name>
    <message>
        <source>edited %1</source>
        <translation>已编辑 %1</translation>
    </message>
    <message>
        <source>Seen · %1</source>
        <translation>已读 · %1</translation>
    </message>
    <message numerus="yes">
        <source>Seen by %n · %1</source>
        <translation>
            <numerusform>%n 人已读 · %1</numerusform>
        </translation>
    </message>
    <message>
        <source>New messages</source>
        <translation>新消息</translation>
    </message>
    <message>
        <source>In reply to an earlier message</source>
        <translation>回复一条较早的消息</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Not delivered</source>
        <translation>未送达</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Show more</source>
        <translation>显示更多</translation>
    </message>
    <message>
        <source>Shown in part: copy the message to read it all</source>
        <translation>仅显示部分：复制消息即可阅读全文</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>等待发送</translation>
    </message>
    <message>
        <source>Sent, waiting for the server to confirm</source>
        <translation>已发送，等待服务器确认</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>Not delivered: the server refused this message</source>
        <translation>未送达：服务器拒绝了这条消息</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Sending file: %1% · %2</source>
        <translation>正在发送文件：%1% · %2</translation>
    </message>
</context>
<context>
    <name>MessageTimeText</name>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
</context>
<context>
    <name>MessageToolTip</name>
    <message>
        <source>Reply (Ctrl+Up in the composer)</source>
        <translation>回复（在输入框中按 Ctrl+↑）</translation>
    </message>
    <message>
        <source>React</source>
        <translation>表情回应</translation>
    </message>
    <message>
        <source>Seen by %1</source>
        <translation>已读：%1</translation>
    </message>
    <message>
        <source>Sent %1
Edited %2</source>
        <translation>发送于 %1
编辑于 %2</translation>
    </message>
    <message>
        <source>Send this message again</source>
        <translation>重新发送这条消息</translation>
    </message>
    <message>
        <source>Show more of this message</source>
        <translation>显示此消息的更多内容</translation>
    </message>
    <message>
        <source>Show the message this answers</source>
        <translation>显示这条回复所针对的消息</translation>
    </message>
</context>
<context>
    <name>MessageView</name>
    <message>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Arrow keys move between messages, Ctrl+C copies the selected ones, the menu key shows links and more, Enter sends a message that was not delivered again.</source>
        <translation>方向键在消息之间移动，Ctrl+C 复制选中的消息，菜单键显示链接等更多操作，Enter 重新发送未送达的消息。</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Open Link</source>
        <translation>打开链接</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>打开 %1</translation>
    </message>
    <message>
        <source>Copy Link</source>
        <translation>复制链接</translation>
    </message>
    <message>
        <source>Copy %1</source>
        <translation>复制 %1</translation>
    </message>
    <message>
        <source>Retry Sending</source>
        <translation>重新发送</translation>
    </message>
    <message>
        <source>Show More</source>
        <translation>显示更多</translation>
    </message>
</context>
<context>
    <name>ParleyProtocol</name>
    <message>
        <source>The server refused the connection: %1</source>
        <translation>服务器拒绝了连接：%1</translation>
    </message>
    <message>
        <source>The server did not take the read receipts setting: %1</source>
        <translation>服务器未接受已读回执设置：%1</translation>
    </message>
    <message>
        <source>the connection was lost before the answer</source>
        <translation>在收到应答之前连接已断开</translation>
    </message>
</context>
<context>
    <name>ParleySearchJson</name>
    <message>
        <source>the server refused the search without saying why</source>
        <translation>服务器拒绝了搜索，但没有说明原因</translation>
    </message>
    <message>
        <source>malformed search answer: no results or no hasMore</source>
        <translation>搜索应答格式错误：没有 results 或 hasMore</translation>
    </message>
    <message>
        <source>malformed search answer: %1 results (at most %2)</source>
        <translation>搜索应答格式错误：%1 条结果（最多 %2 条）</translation>
    </message>
    <message>
        <source>malformed search answer: more results but no usable cursor</source>
        <translation>搜索应答格式错误：还有更多结果，但没有可用的游标</translation>
    </message>
    <message>
        <source>malformed search answer: a result is not a message of a room</source>
        <translation>搜索应答格式错误：有一条结果不是某个房间的消息</translation>
    </message>
</context>
<context>
    <name>PresenceDot</name>
    <message>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>away</source>
        <translation>离开</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>presence unknown</source>
        <translation>在线状态未知</translation>
    </message>
    <message>
        <source>Last seen %1</source>
        <translation>最后在线 %1</translation>
    </message>
</context>
<context>
    <name>ProfileProtocol</name>
    <message>
        <source>Connected to a standard Socket.IO server (profile “%1”): there are no rooms, no member list and no history here.</source>
        <translation>已连接到标准 Socket.IO 服务器（配置“%1”）：这里没有聊天室、成员列表和历史记录。</translation>
    </message>
    <message>
        <source>Connected to a standard Socket.IO server (profile “%1”): there are no rooms, no member list and no history here, and the server does not confirm delivery, so your messages show as Sent rather than Delivered.</source>
        <translation>已连接到标准 Socket.IO 服务器（配置“%1”）：这里没有聊天室、成员列表和历史记录，服务器也不确认送达，因此你的消息会显示为“已发送”而不是“已送达”。</translation>
    </message>
    <message>
        <source>refused by the server</source>
        <translation>被服务器拒绝</translation>
    </message>
    <message>
        <source>this server&apos;s profile sends no files</source>
        <translation>此服务器的配置不发送文件</translation>
    </message>
</context>
<context>
    <name>QuickSwitcher</name>
    <message>
        <source>Go to room…</source>
        <translation>前往房间…</translation>
    </message>
    <message>
        <source>Room name</source>
        <translation>房间名</translation>
    </message>
    <message>
        <source>Matching rooms</source>
        <translation>匹配的房间</translation>
    </message>
    <message>
        <source>Switch room</source>
        <translation>切换房间</translation>
    </message>
    <message>
        <source>No room matches. Press Enter to join or create #%1.</source>
        <translation>没有匹配的房间。按 Enter 加入或创建 #%1。</translation>
    </message>
    <message>
        <source>↑↓ to choose, Enter to go, Esc to close</source>
        <translation>↑↓ 选择，Enter 前往，Esc 关闭</translation>
    </message>
    <message>
        <source>No conversation matches. Press Enter to write to @%1.</source>
        <translation>没有匹配的对话。按回车给 @%1 发消息。</translation>
    </message>
</context>
<context>
    <name>RawProtocol</name>
    <message>
        <source>Connected to a plain WebSocket server: every text frame is a message. There are no rooms, member list or history here, and the server does not confirm delivery, so your messages show as Sent rather than Delivered.</source>
        <translation>已连接到普通 WebSocket 服务器：每个文本帧就是一条消息。这里没有聊天室、成员列表和历史记录，服务器也不确认送达，因此你的消息会显示为“已发送”而不是“已送达”。</translation>
    </message>
</context>
<context>
    <name>RoomDelegate</name>
    <message>
        <source>%1+</source>
        <translation>%1+</translation>
    </message>
    <message>
        <source>Draft: %1</source>
        <translation>草稿：%1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Not joined yet: it is joined as soon as the server can be reached.</source>
        <translation>尚未加入：一旦能连上服务器就会加入。</translation>
    </message>
    <message>
        <source>You: %1</source>
        <translation>我：%1</translation>
    </message>
</context>
<context>
    <name>RoomHeader</name>
    <message>
        <source>Room</source>
        <translation>房间</translation>
    </message>
    <message>
        <source>Show or hide who is in the room (Ctrl+Shift+M)</source>
        <translation>显示或隐藏房间里的成员（Ctrl+Shift+M）</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>No room</source>
        <translation>没有房间</translation>
    </message>
    <message>
        <source>Members in the room: %1</source>
        <translation>房间成员：%1</translation>
    </message>
    <message>
        <source>%1 (@%2) — %3</source>
        <translation>%1（@%2）— %3</translation>
    </message>
</context>
<context>
    <name>RoomList</name>
    <message>
        <source>Rooms</source>
        <translation>房间</translation>
    </message>
    <message>
        <source>Join or create a room (Ctrl+N)</source>
        <translation>加入或创建房间（Ctrl+N）</translation>
    </message>
    <message>
        <source>Join or create a room</source>
        <translation>加入或创建房间</translation>
    </message>
    <message>
        <source>Unmute %1</source>
        <translation>取消静音 %1</translation>
    </message>
    <message>
        <source>Mute %1</source>
        <translation>静音 %1</translation>
    </message>
    <message>
        <source>Close the Conversation with %1</source>
        <translation>关闭与 %1 的对话</translation>
    </message>
    <message>
        <source>Leave %1</source>
        <translation>离开 %1</translation>
    </message>
</context>
<context>
    <name>RoomListModel</name>
    <message>
        <source>Room %1</source>
        <translation>房间 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n unread</source>
        <translation>
            <numerusform>%n 条未读</numerusform>
        </translation>
    </message>
    <message>
        <source>muted</source>
        <translation>已静音</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Direct messages with %1</source>
        <translation>与 %1 的私信</translation>
    </message>
    <message>
        <source>you are mentioned</source>
        <translation>有人提到你</translation>
    </message>
</context>
<context>
    <name>SearchModel</name>
    <message>
        <source>%1 in #%2: %3</source>
        <translation>%1 在 #%2：%3</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <source>Words to look for; from:@name, in:#room, before:2026-11-01, after:…</source>
        <translation>要查找的词；from:@名字、in:#房间、before:2026-11-01、after:…</translation>
    </message>
    <message>
        <source>Type a word to look for.</source>
        <translation>输入要查找的词。</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>No results</source>
        <translation>没有结果</translation>
    </message>
    <message>
        <source>The server could not search (%1): results from this computer only.</source>
        <translation>服务器无法搜索（%1）：只显示这台电脑上的结果。</translation>
    </message>
    <message>
        <source>Search all rooms</source>
        <translation>搜索所有房间</translation>
    </message>
    <message>
        <source>Search #%1</source>
        <translation>搜索 #%1</translation>
    </message>
    <message>
        <source>Search messages</source>
        <translation>搜索消息</translation>
    </message>
    <message>
        <source>Close search (Esc)</source>
        <translation>关闭搜索（Esc）</translation>
    </message>
    <message>
        <source>Close search</source>
        <translation>关闭搜索</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message numerus="yes">
        <source>Found here: %n; searching the server…</source>
        <translation>
            <numerusform>本地找到 %n 条；正在搜索服务器…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Found: %n</source>
        <translation>
            <numerusform>找到 %n 条</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchResultDelegate</name>
    <message>
        <source>#%1 · %2 · %3</source>
        <translation>#%1 · %2 · %3</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
</context>
<context>
    <name>ServerProfile</name>
    <message>
        <source>“%1” must be a string.</source>
        <translation>“%1”必须是字符串。</translation>
    </message>
    <message>
        <source>“%1” must be true or false.</source>
        <translation>“%1”必须是 true 或 false。</translation>
    </message>
    <message>
        <source>A profile name may only hold letters, digits, &apos;-&apos; and &apos;_&apos; (got “%1”).</source>
        <translation>配置名称只能包含字母、数字、“-”和“_”（收到的是“%1”）。</translation>
    </message>
    <message>
        <source>The namespace must start with &apos;/&apos; (got “%1”).</source>
        <translation>命名空间必须以“/”开头（收到的是“%1”）。</translation>
    </message>
    <message>
        <source>The profile needs an event to send messages with.</source>
        <translation>配置需要指定一个用于发送消息的事件。</translation>
    </message>
    <message>
        <source>An object payload needs the name of its text field.</source>
        <translation>对象形式的消息内容需要指定其文本字段的名称。</translation>
    </message>
    <message>
        <source>The profile needs at least one event to show as incoming messages.</source>
        <translation>配置至少需要一个作为收到消息显示的事件。</translation>
    </message>
    <message>
        <source>An incoming event name is empty.</source>
        <translation>有一个接收事件的名称为空。</translation>
    </message>
    <message>
        <source>“sendShape” must be “string” or “object” (got “%1”).</source>
        <translation>“sendShape”必须是“string”或“object”（收到的是“%1”）。</translation>
    </message>
    <message>
        <source>“auth” must be a JSON object.</source>
        <translation>“auth”必须是 JSON 对象。</translation>
    </message>
    <message>
        <source>“receiveEvents” must be a list of event names.</source>
        <translation>“receiveEvents”必须是事件名称列表。</translation>
    </message>
    <message>
        <source>parley-server (rooms, history, delivery receipts)</source>
        <translation>parley-server（聊天室、历史记录、送达回执）</translation>
    </message>
    <message>
        <source>Socket.IO chat example: “chat message” with plain text, sent back to everyone</source>
        <translation>Socket.IO 聊天示例：以纯文本发送“chat message”，并转发给所有人</translation>
    </message>
    <message>
        <source>Socket.IO group chat: “message” {name, msg} in, “servermessage” {name, msg} out</source>
        <translation>Socket.IO 群聊：发送“message” {name, msg}，接收“servermessage” {name, msg}</translation>
    </message>
    <message>
        <source>Sending files in an object payload needs the name of its file field.</source>
        <translation>在对象负载中发送文件需要文件字段的名称。</translation>
    </message>
    <message>
        <source>The largest file must be between 1 byte and %1 bytes (got %2).</source>
        <translation>最大文件大小必须在 1 字节到 %1 字节之间（当前为 %2）。</translation>
    </message>
    <message>
        <source>“maxFileSize” must be a whole number of bytes from 1 to %1.</source>
        <translation>“maxFileSize”必须是 1 到 %1 之间的整数字节数。</translation>
    </message>
</context>
<context>
    <name>SessionToken</name>
    <message>
        <source>The session token is empty.</source>
        <translation>会话令牌为空。</translation>
    </message>
    <message>
        <source>The session token is larger than %1 bytes.</source>
        <translation>会话令牌超过 %1 字节。</translation>
    </message>
    <message>
        <source>The session token contains characters a token cannot have.</source>
        <translation>会话令牌包含令牌中不允许的字符。</translation>
    </message>
</context>
<context>
    <name>ShortcutsHelp</name>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>send the message</source>
        <translation>发送消息</translation>
    </message>
    <message>
        <source>Shift+Enter</source>
        <translation>Shift+Enter</translation>
    </message>
    <message>
        <source>new line</source>
        <translation>换行</translation>
    </message>
    <message>
        <source>Ctrl+K</source>
        <translation>Ctrl+K</translation>
    </message>
    <message>
        <source>switch room (type a new name to join it)</source>
        <translation>切换房间（输入新名称即可加入）</translation>
    </message>
    <message>
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <source>join or create a room</source>
        <translation>加入或创建房间</translation>
    </message>
    <message>
        <source>Alt+Up, Alt+Down</source>
        <translation>Alt+↑、Alt+↓</translation>
    </message>
    <message>
        <source>previous, next room</source>
        <translation>上一个、下一个房间</translation>
    </message>
    <message>
        <source>Ctrl+PgUp, Ctrl+PgDown</source>
        <translation>Ctrl+PgUp、Ctrl+PgDown</translation>
    </message>
    <message>
        <source>Ctrl+F</source>
        <translation>Ctrl+F</translation>
    </message>
    <message>
        <source>search this room</source>
        <translation>搜索此房间</translation>
    </message>
    <message>
        <source>Ctrl+Shift+F</source>
        <translation>Ctrl+Shift+F</translation>
    </message>
    <message>
        <source>search all rooms</source>
        <translation>搜索所有房间</translation>
    </message>
    <message>
        <source>Ctrl+Shift+M</source>
        <translation>Ctrl+Shift+M</translation>
    </message>
    <message>
        <source>show or hide the members</source>
        <translation>显示或隐藏成员</translation>
    </message>
    <message>
        <source>Ctrl+O</source>
        <translation>Ctrl+O</translation>
    </message>
    <message>
        <source>connect to another server</source>
        <translation>连接到其他服务器</translation>
    </message>
    <message>
        <source>Ctrl+C</source>
        <translation>Ctrl+C</translation>
    </message>
    <message>
        <source>copy the selected messages or text</source>
        <translation>复制选中的消息或文字</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>↑</translation>
    </message>
    <message>
        <source>edit your last message (in an empty composer)</source>
        <translation>编辑你的上一条消息（输入框为空时）</translation>
    </message>
    <message>
        <source>Ctrl+Up, Ctrl+Down</source>
        <translation>Ctrl+↑、Ctrl+↓</translation>
    </message>
    <message>
        <source>reply to an earlier, a later message</source>
        <translation>回复较早、较晚的一条消息</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>stop replying or editing; close the search</source>
        <translation>停止回复或编辑；关闭搜索</translation>
    </message>
    <message>
        <source>Menu key</source>
        <translation>菜单键</translation>
    </message>
    <message>
        <source>links and more for the current message</source>
        <translation>当前消息的链接及更多操作</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>Tab</translation>
    </message>
    <message>
        <source>move between rooms, messages, composer and members</source>
        <translation>在房间、消息、输入框和成员之间移动</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <source>quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Ctrl+Shift+U</source>
        <translation>Ctrl+Shift+U</translation>
    </message>
    <message>
        <source>send files (or drop them on the window, or paste an image)</source>
        <translation>发送文件（也可以拖放到窗口上或粘贴图片）</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Display &amp;name:</source>
        <translation>显示名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Repeat password:</source>
        <translation>再次输入密码(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Invite code:</source>
        <translation>邀请码(&amp;I)：</translation>
    </message>
    <message>
        <source>Sign in to %1</source>
        <translation>登录 %1</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Create account</source>
        <translation>创建账户</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>Enter your user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>Create an account on %1. Others see your display name; your user name is unique on the server.</source>
        <translation>在 %1 上创建账户。别人看到的是你的显示名称；你的用户名在该服务器上是唯一的。</translation>
    </message>
    <message>
        <source>%1 asks who you are. Parley keeps you signed in on this computer.</source>
        <translation>%1 需要知道你是谁。Parley 会在这台电脑上保持你的登录状态。</translation>
    </message>
</context>
<context>
    <name>SignInKeeper</name>
    <message>
        <source>No keychain is available (%1); Parley keeps your sign-in in a file only you can read.</source>
        <translation>没有可用的钥匙串（%1）；Parley 把你的登录信息保存在只有你能读取的文件中。</translation>
    </message>
    <message>
        <source>Parley on %1</source>
        <translation>%1 上的 Parley</translation>
    </message>
    <message>
        <source>You signed out.</source>
        <translation>你已退出登录。</translation>
    </message>
    <message>
        <source>This device was signed out from another device.</source>
        <translation>本设备已被另一台设备退出登录。</translation>
    </message>
    <message>
        <source>The server ended this sign-in.</source>
        <translation>服务器结束了这次登录。</translation>
    </message>
</context>
<context>
    <name>SignOutQuestion</name>
    <message>
        <source>Sign Out This Device</source>
        <translation>退出本设备</translation>
    </message>
    <message>
        <source>Sign Out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Sign out of this server on this computer? You will need your password to sign in again.</source>
        <translation>要在这台电脑上退出这个服务器吗？再次登录时需要输入密码。</translation>
    </message>
    <message>
        <source>Sign out of %1 on this computer? Parley forgets your sign-in here; you will need your password to sign in again.</source>
        <translation>要在这台电脑上退出 %1 吗？Parley 会忘记这里的登录信息；再次登录时需要输入密码。</translation>
    </message>
</context>
<context>
    <name>SocketIoSession</name>
    <message>
        <source>The server&apos;s keepalive stopped (no ping for %1 ms).</source>
        <translation>服务器的心跳已停止（%1 毫秒内没有收到 ping）。</translation>
    </message>
    <message>
        <source>Not a Socket.IO server: %1</source>
        <translation>不是 Socket.IO 服务器：%1</translation>
    </message>
    <message>
        <source>The server closed the session.</source>
        <translation>服务器关闭了会话。</translation>
    </message>
    <message numerus="yes">
        <source>Ignored a binary frame of %n byte(s) that no message announced.</source>
        <translation>
            <numerusform>已忽略一个没有消息声明的 %n 字节二进制帧。</numerusform>
        </translation>
    </message>
    <message>
        <source>A message with binary attachments arrived incomplete and was dropped.</source>
        <translation>一条带二进制附件的消息未完整到达，已丢弃。</translation>
    </message>
    <message>
        <source>The server refused the connection: %1</source>
        <translation>服务器拒绝了连接：%1</translation>
    </message>
    <message>
        <source>The server ended the session.</source>
        <translation>服务器结束了会话。</translation>
    </message>
    <message>
        <source>The server asks for a keepalive of %1 ms / %2 ms; Parley accepts %3 to %4 ms.</source>
        <translation>服务器要求的保活间隔为 %1 毫秒 / %2 毫秒；Parley 只接受 %3 到 %4 毫秒。</translation>
    </message>
</context>
<context>
    <name>TokenFileStore</name>
    <message>
        <source>The token file %1 is not a regular file.</source>
        <translation>令牌文件 %1 不是普通文件。</translation>
    </message>
    <message>
        <source>The token file %1 is larger than %2 bytes.</source>
        <translation>令牌文件 %1 超过 %2 字节。</translation>
    </message>
    <message>
        <source>Cannot read the token file %1: %2</source>
        <translation>无法读取令牌文件 %1：%2</translation>
    </message>
    <message>
        <source>The token file %1 is damaged. %2</source>
        <translation>令牌文件 %1 已损坏。%2</translation>
    </message>
    <message>
        <source>Cannot write the token file %1: %2</source>
        <translation>无法写入令牌文件 %1：%2</translation>
    </message>
    <message>
        <source>Cannot make the token file %1 private: %2</source>
        <translation>无法将令牌文件 %1 设为仅自己可读：%2</translation>
    </message>
    <message>
        <source>Cannot delete the token file %1: %2</source>
        <translation>无法删除令牌文件 %1：%2</translation>
    </message>
    <message>
        <source>Cannot create the token folder %1.</source>
        <translation>无法创建令牌文件夹 %1。</translation>
    </message>
    <message>
        <source>Cannot make the token folder %1 private.</source>
        <translation>无法将令牌文件夹 %1 设为仅自己可访问。</translation>
    </message>
</context>
<context>
    <name>TokenVault</name>
    <message>
        <source>A session token needs a server and a user name.</source>
        <translation>会话令牌需要服务器和用户名。</translation>
    </message>
    <message>
        <source>No keychain service answered within %1 ms.</source>
        <translation>在 %1 毫秒内没有钥匙串服务响应。</translation>
    </message>
    <message>
        <source>The keychain refused to read the session token: %1</source>
        <translation>钥匙串拒绝读取会话令牌：%1</translation>
    </message>
    <message>
        <source>The session token in the keychain is damaged. %1</source>
        <translation>钥匙串中的会话令牌已损坏。%1</translation>
    </message>
    <message>
        <source>The keychain refused to store the session token: %1</source>
        <translation>钥匙串拒绝保存会话令牌：%1</translation>
    </message>
    <message>
        <source>The keychain refused to delete the session token: %1</source>
        <translation>钥匙串拒绝删除会话令牌：%1</translation>
    </message>
</context>
<context>
    <name>TrayNotifier</name>
    <message>
        <source>Someone</source>
        <translation>有人</translation>
    </message>
    <message>
        <source>%1 in #%2</source>
        <translation>%1（#%2）</translation>
    </message>
    <message>
        <source>Parley — %1 unread</source>
        <translation>Parley — %1 条未读</translation>
    </message>
    <message>
        <source>Parley</source>
        <translation>Parley</translation>
    </message>
</context>
<context>
    <name>TrustedCertificatesDialog</name>
    <message>
        <source>Trusted Certificates</source>
        <translation>受信任的证书</translation>
    </message>
    <message>
        <source>You trusted these certificates for these servers. Parley connects to each server only while it presents the same certificate. Remove one to be asked again.</source>
        <translation>你为这些服务器信任了这些证书。只有当服务器出示的是同一张证书时，Parley 才会连接。移除一项后，下次会再次询问你。</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Issued to</source>
        <translation>颁发给</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>到期</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint</source>
        <translation>SHA-256 指纹</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
</context>
<context>
    <name>TypingIndicator</name>
    <message>
        <source>Typing</source>
        <translation>正在输入</translation>
    </message>
    <message>
        <source>%1 is typing…</source>
        <translation>%1 正在输入…</translation>
    </message>
    <message>
        <source>%1 and %2 are typing…</source>
        <translation>%1 和 %2 正在输入…</translation>
    </message>
    <message>
        <source>Several people are typing…</source>
        <translation>多人正在输入…</translation>
    </message>
    <message>
        <source>Typing: %1</source>
        <translation>正在输入：%1</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Parley could not host a chat server on %1:%2: %3</source>
        <translation>Parley 无法在 %1:%2 上托管聊天服务器：%3</translation>
    </message>
    <message>
        <source>Parley</source>
        <translation>Parley</translation>
    </message>
    <message>
        <source>there is no profile “%1” (known: %2)</source>
        <translation>没有名为“%1”的配置（已知：%2）</translation>
    </message>
</context>
<context>
    <name>parley-cli</name>
    <message>
        <source>Try &apos;parley-cli --help&apos;.</source>
        <translation>请尝试 &apos;parley-cli --help&apos;。</translation>
    </message>
</context>
</TS>
