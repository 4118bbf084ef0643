'use client';

import { useState } from 'react';
import type { ImportProgress, UploadedImport } from '@/components/imports/api';
import { FileStep } from '@/components/imports/file-step';
import { MappingStep } from '@/components/imports/mapping-step';
import { ProgressStep } from '@/components/imports/progress-step';

type Step = { name: 'file' } | { name: 'mapping'; upload: UploadedImport } | { name: 'progress'; progress: ImportProgress };

/** The import wizard: choose a file → match its columns → watch it run. */
export function ImportFlow() {
  const [step, setStep] = useState<Step>({ name: 'file' });
  if (step.name === 'file') return <FileStep onUploaded={(upload) => setStep({ name: 'mapping', upload })} />;
  if (step.name === 'mapping') {
    return <MappingStep upload={step.upload} onStarted={(progress) => setStep({ name: 'progress', progress })} onCancel={() => setStep({ name: 'file' })} />;
  }
  return <ProgressStep initial={step.progress} />;
}
