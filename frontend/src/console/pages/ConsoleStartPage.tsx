// /konsole: what needs doing now, for the scopes of the person signed in.
import { Link } from 'react-router';
import { usePageTitle } from '../../lib/usePageTitle';
import { useSession } from '../../session';
import { NAV } from '../ConsoleLayout';
import { useNewMessageCount, useReferrals, type ReferralStatus } from '../queries';
import { mayUse } from '../routes';
import { useConsoleTexts, useStaffPaths } from '../useConsole';

const LIMIT = 50;

function useCount(status: ReferralStatus, enabled: boolean) {
  const query = useReferrals({ status, limit: LIMIT }, { enabled });
  const items = query.data?.items ?? [];
  return {
    loaded: query.isSuccess,
    count: items.length,
    more: Boolean(query.data?.next_cursor),
    acute: items.filter((item) => item.urgency === 'acute').length,
  };
}

export default function ConsoleStartPage() {
  const t = useConsoleTexts();
  const to = useStaffPaths();
  const session = useSession();
  const triage = session.has('referrals:triage');
  const assigned = session.has('referrals:update-assigned') && !triage;
  const messages = session.has('messages:read');
  const received = useCount('received', triage);
  const inTriage = useCount('in_triage', triage);
  const waiting = useCount('assigned', assigned);
  const working = useCount('in_progress', assigned);
  const newMessages = useNewMessageCount(messages);
  usePageTitle(t.start.title);

  const inbox = (status: ReferralStatus) => `${to('referrals')}?${new URLSearchParams({ status })}`;
  const counted = (c: { count: number; more: boolean }, say: (n: number) => string) =>
    c.more ? say(LIMIT).replace(String(LIMIT), t.start.moreThan(LIMIT - 1)) : say(c.count);

  const tasks: { key: string; text: string; href: string; acute: number }[] = [];
  if (triage && received.count) tasks.push({ key: 'received', text: counted(received, t.start.received), href: inbox('received'), acute: received.acute });
  if (triage && inTriage.count) tasks.push({ key: 'in_triage', text: counted(inTriage, t.start.inTriage), href: inbox('in_triage'), acute: inTriage.acute });
  if (assigned && waiting.count) tasks.push({ key: 'assigned', text: counted(waiting, t.start.assigned), href: inbox('assigned'), acute: waiting.acute });
  if (assigned && working.count) tasks.push({ key: 'in_progress', text: counted(working, t.start.inProgress), href: inbox('in_progress'), acute: working.acute });
  const messageCount = newMessages.data?.items.length ?? 0;
  if (messages && messageCount) {
    const say = t.start.messages;
    tasks.push({
      key: 'messages',
      text: newMessages.data?.next_cursor ? say(LIMIT).replace(String(LIMIT), t.start.moreThan(LIMIT - 1)) : say(messageCount),
      href: `${to('messages')}?status=new`,
      acute: 0,
    });
  }
  const loading = [triage && !received.loaded, assigned && !waiting.loaded, messages && !newMessages.isSuccess].some(Boolean);
  const who = session.principal?.email ?? '';
  const areas = NAV.filter((name) => name !== 'console' && mayUse(name, session.principal?.scopes ?? null));

  return (
    <>
      <h1>{t.start.title}</h1>
      <p>{t.start.intro(who)}</p>
      <div aria-live="polite">
        {loading ? null : tasks.length === 0 ? (
          <p className="notice">{t.start.nothing}</p>
        ) : (
          <ul className="task-list">
            {tasks.map((task) => (
              <li key={task.key} className={task.acute ? 'task--acute' : undefined}>
                {task.acute > 0 && <span className="badge badge--acute">{t.start.acute}: {task.acute}</span>}{' '}
                <Link to={task.href}>{task.text}</Link>
              </li>
            ))}
          </ul>
        )}
      </div>
      <h2>{t.start.tasksTitle}</h2>
      <ul>
        {areas.map((name) => (
          <li key={name}>
            <Link to={to(name)}>{t.nav[name]}</Link>
          </li>
        ))}
      </ul>
    </>
  );
}
